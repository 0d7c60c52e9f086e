// Command helm-render renders a Helm chart's templates the way `helm template` does, for machines
// where no helm binary can be installed. It implements the part of Helm that generated charts use:
// named templates with `include`, `toYaml`, `required`, `.Values`, `.Release`, `.Chart` and
// `.Template`, on top of text/template and sprig.
//
// It reads no YAML: the caller passes the chart metadata and the values as JSON (the Node side
// converts Chart.yaml and values.yaml with the `yaml` package). A hand-written YAML parser here
// would be the weakest link of the whole check, and JSON is what Helm's own values become anyway
// (sigs.k8s.io/yaml goes through JSON, so numbers are float64 here too, exactly as in Helm).
//
// Build (GOPATH mode, sprig from Debian's golang-github-masterminds-sprig-dev):
//
//	GOPATH=/usr/share/gocode GO111MODULE=off go build -o helm-render .
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig"
)

const usage = `usage: helm-render <chartDir> --chart-json <Chart.json> [--values-json <values.json>]...
                   [--release NAME] [--namespace NS] [--strict] [--notes]

  --chart-json FILE    Chart.yaml converted to JSON (required)
  --values-json FILE   values as JSON; repeatable, merged in order like helm's -f
                       (the first is normally the chart's values.yaml). Alias: -f
  --release NAME       release name (default "release-name", as helm template)
  --namespace NS       release namespace (default "default")
  --strict             a missing value is an error (helm lint --strict); default: empty, like helm
  --notes              also print templates/NOTES.txt

Output: the rendered manifests as one multi-document YAML stream with "# Source:" headers.
Exit 1 on a render error, 2 on bad arguments.
`

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func main() {
	out, err := run(os.Args[1:], os.Stdout)
	_ = out
	if err != nil {
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprintf(os.Stderr, "helm-render: %v\n%s", err, usage)
			os.Exit(2)
		}
		fmt.Fprintf(os.Stderr, "helm-render: %v\n", err)
		os.Exit(1)
	}
}

type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func run(args []string, stdout io.Writer) (string, error) {
	fs := flag.NewFlagSet("helm-render", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var valueFiles multiFlag
	chartJSON := fs.String("chart-json", "", "")
	release := fs.String("release", "release-name", "")
	namespace := fs.String("namespace", "default", "")
	strict := fs.Bool("strict", false, "")
	notes := fs.Bool("notes", false, "")
	fs.Var(&valueFiles, "values-json", "")
	fs.Var(&valueFiles, "f", "")

	// Accept the chart directory before or after the flags.
	var positional []string
	for len(args) > 0 {
		if err := fs.Parse(args); err != nil {
			return "", usageError{err.Error()}
		}
		args = fs.Args()
		if len(args) > 0 {
			positional = append(positional, args[0])
			args = args[1:]
		}
	}
	if len(positional) != 1 {
		return "", usageError{"exactly one chart directory is required"}
	}
	if *chartJSON == "" {
		return "", usageError{"--chart-json is required (Chart.yaml converted to JSON)"}
	}
	chartDir := positional[0]

	chartMeta := map[string]interface{}{}
	if err := readJSON(*chartJSON, &chartMeta); err != nil {
		return "", err
	}
	values := map[string]interface{}{}
	for _, f := range valueFiles {
		var v map[string]interface{}
		if err := readJSON(f, &v); err != nil {
			return "", err
		}
		values = coalesce(values, v)
	}

	r := &renderer{strict: *strict}
	result, err := r.render(chartDir, chartValues(chartMeta), values, map[string]interface{}{
		"Name": *release, "Namespace": *namespace, "Service": "Helm",
		"IsInstall": true, "IsUpgrade": false, "Revision": 1,
	}, *notes)
	if err != nil {
		return "", err
	}
	_, err = io.WriteString(stdout, result)
	return result, err
}

func readJSON(path string, into interface{}) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, into); err != nil {
		return fmt.Errorf("%s: not JSON (convert YAML to JSON first): %v", path, err)
	}
	return nil
}

// coalesce merges override into base like helm: maps merge key by key, anything else replaces,
// and an explicit null deletes the key.
func coalesce(base, override map[string]interface{}) map[string]interface{} {
	out := make(map[string]interface{}, len(base))
	for k, v := range base {
		out[k] = v
	}
	for k, v := range override {
		if v == nil {
			delete(out, k)
			continue
		}
		bm, bok := out[k].(map[string]interface{})
		om, ook := v.(map[string]interface{})
		if bok && ook {
			out[k] = coalesce(bm, om)
		} else {
			out[k] = v
		}
	}
	return out
}

// chartValues maps Chart.yaml keys to the field names helm exposes on .Chart.
func chartValues(meta map[string]interface{}) map[string]interface{} {
	special := map[string]string{"apiVersion": "APIVersion", "appVersion": "AppVersion", "kubeVersion": "KubeVersion"}
	out := map[string]interface{}{}
	for k, v := range meta {
		if s, ok := special[k]; ok {
			out[s] = v
		} else if k != "" {
			out[strings.ToUpper(k[:1])+k[1:]] = v
		}
	}
	for _, k := range []string{"Name", "Version", "AppVersion", "Description", "Type"} {
		if _, ok := out[k]; !ok {
			out[k] = ""
		}
	}
	return out
}

type renderer struct {
	strict bool
	tmpl   *template.Template
}

const maxIncludeDepth = 1000

func (r *renderer) funcMap() template.FuncMap {
	f := sprig.TxtFuncMap()
	// Helm removes these for safety; a chart should not read the renderer's environment.
	delete(f, "env")
	delete(f, "expandenv")
	depth := map[string]int{}
	f["include"] = func(name string, data interface{}) (string, error) {
		if depth[name] > maxIncludeDepth {
			return "", fmt.Errorf("include %q: rendering template has a nested reference name", name)
		}
		depth[name]++
		defer func() { depth[name]-- }()
		var buf strings.Builder
		if err := r.tmpl.ExecuteTemplate(&buf, name, data); err != nil {
			return "", err
		}
		return buf.String(), nil
	}
	f["required"] = func(msg string, v interface{}) (interface{}, error) {
		if v == nil {
			return nil, errors.New(msg)
		}
		if s, ok := v.(string); ok && s == "" {
			return nil, errors.New(msg)
		}
		return v, nil
	}
	f["toYaml"] = func(v interface{}) string {
		s, err := toYAML(v)
		if err != nil {
			return "" // helm's toYaml swallows errors too; mustToYaml reports them
		}
		return s
	}
	f["mustToYaml"] = toYAML
	f["fromJson"] = func(s string) map[string]interface{} {
		m := map[string]interface{}{}
		if err := json.Unmarshal([]byte(s), &m); err != nil {
			m["Error"] = err.Error()
		}
		return m
	}
	for _, name := range []string{"tpl", "lookup", "toToml", "fromYaml", "fromYamlArray"} {
		name := name
		f[name] = func(...interface{}) (string, error) {
			return "", fmt.Errorf("%s is not supported by helm-render", name)
		}
	}
	return f
}

// render parses every file under templates/ into one template set (so `include` sees all
// definitions), then executes each file whose name does not start with `_`.
func (r *renderer) render(chartDir string, chart, values, release map[string]interface{}, withNotes bool) (string, error) {
	chartName, _ := chart["Name"].(string)
	if chartName == "" {
		return "", errors.New("Chart metadata has no name")
	}
	tdir := filepath.Join(chartDir, "templates")
	var files []string
	err := filepath.WalkDir(tdir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	sort.Strings(files)

	r.tmpl = template.New("gotpl")
	if r.strict {
		r.tmpl.Option("missingkey=error")
	} else {
		r.tmpl.Option("missingkey=zero")
	}
	r.tmpl.Funcs(r.funcMap())
	names := make([]string, 0, len(files))
	for _, p := range files {
		rel, _ := filepath.Rel(chartDir, p)
		name := chartName + "/" + filepath.ToSlash(rel)
		src, err := os.ReadFile(p)
		if err != nil {
			return "", err
		}
		if _, err := r.tmpl.New(name).Parse(string(src)); err != nil {
			return "", fmt.Errorf("parse error in %s", strings.TrimPrefix(err.Error(), "template: "))
		}
		names = append(names, name)
	}

	type doc struct {
		source, body string
		order        int
	}
	var docs []doc
	var notesOut string
	for _, name := range names {
		base := filepath.Base(name)
		if strings.HasPrefix(base, "_") {
			continue // partials only hold definitions
		}
		top := map[string]interface{}{
			"Values":   values,
			"Chart":    chart,
			"Release":  release,
			"Template": map[string]interface{}{"Name": name, "BasePath": chartName + "/templates"},
		}
		var buf strings.Builder
		if err := r.tmpl.ExecuteTemplate(&buf, name, top); err != nil {
			return "", fmt.Errorf("render error in %s", strings.TrimPrefix(err.Error(), "template: "))
		}
		// Helm prints missing values as empty, not as Go's "<no value>".
		out := strings.ReplaceAll(buf.String(), "<no value>", "")
		if base == "NOTES.txt" {
			notesOut = out
			continue
		}
		for _, part := range splitDocs(out) {
			docs = append(docs, doc{source: name, body: part, order: kindOrder(part)})
		}
	}
	// Helm sorts manifests in install order (ServiceAccount before Deployment, ...).
	sort.SliceStable(docs, func(i, j int) bool { return docs[i].order < docs[j].order })

	var b strings.Builder
	for _, d := range docs {
		fmt.Fprintf(&b, "---\n# Source: %s\n%s\n", d.source, strings.TrimRight(d.body, "\n"))
	}
	if withNotes && strings.TrimSpace(notesOut) != "" {
		fmt.Fprintf(&b, "NOTES:\n%s\n", strings.TrimRight(notesOut, "\n"))
	}
	return b.String(), nil
}

var docSep = regexp.MustCompile(`(?m)^---[ \t]*(#.*)?$`)

// splitDocs splits a rendered file into YAML documents and drops those that are empty or hold
// only comments (an `{{ if }}` that rendered nothing).
func splitDocs(s string) []string {
	var out []string
	for _, part := range docSep.Split(s, -1) {
		if !hasContent(part) {
			continue
		}
		out = append(out, strings.Trim(part, "\n"))
	}
	return out
}

func hasContent(s string) bool {
	for _, line := range strings.Split(s, "\n") {
		t := strings.TrimSpace(line)
		if t != "" && !strings.HasPrefix(t, "#") {
			return true
		}
	}
	return false
}

var installOrder = []string{
	"PriorityClass", "Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange", "PodSecurityPolicy",
	"PodDisruptionBudget", "ServiceAccount", "Secret", "SecretList", "ConfigMap", "StorageClass",
	"PersistentVolume", "PersistentVolumeClaim", "CustomResourceDefinition", "ClusterRole",
	"ClusterRoleList", "ClusterRoleBinding", "ClusterRoleBindingList", "Role", "RoleList", "RoleBinding",
	"RoleBindingList", "Service", "DaemonSet", "Pod", "ReplicationController", "ReplicaSet", "Deployment",
	"HorizontalPodAutoscaler", "StatefulSet", "Job", "CronJob", "IngressClass", "Ingress", "APIService",
}

var kindLine = regexp.MustCompile(`(?m)^kind:[ \t]*["']?([A-Za-z]+)`)

func kindOrder(doc string) int {
	if m := kindLine.FindStringSubmatch(doc); m != nil {
		for i, k := range installOrder {
			if k == m[1] {
				return i
			}
		}
	}
	return len(installOrder)
}

// toYAML emits block-style YAML for JSON-shaped data with sorted keys, in the layout helm's
// toYaml (go-yaml v2) produces: sequences are not indented under their key, no trailing newline.
func toYAML(v interface{}) (string, error) {
	var b bytes.Buffer
	if err := emit(&b, v, 0, false); err != nil {
		return "", err
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}

func emit(b *bytes.Buffer, v interface{}, indent int, inSeq bool) error {
	pad := strings.Repeat(" ", indent)
	switch t := v.(type) {
	case map[string]interface{}:
		if len(t) == 0 {
			b.WriteString("{}\n")
			return nil
		}
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for i, k := range keys {
			if !(inSeq && i == 0) {
				b.WriteString(pad)
			}
			b.WriteString(scalarString(k))
			b.WriteString(":")
			val := t[k]
			switch c := val.(type) {
			case map[string]interface{}:
				if len(c) == 0 {
					b.WriteString(" {}\n")
					continue
				}
				b.WriteString("\n")
				if err := emit(b, c, indent+2, false); err != nil {
					return err
				}
			case []interface{}:
				if len(c) == 0 {
					b.WriteString(" []\n")
					continue
				}
				b.WriteString("\n")
				if err := emit(b, c, indent, false); err != nil {
					return err
				}
			default:
				b.WriteString(" ")
				if err := emit(b, c, indent+2, false); err != nil {
					return err
				}
			}
		}
	case []interface{}:
		if len(t) == 0 {
			b.WriteString("[]\n")
			return nil
		}
		for i, item := range t {
			if !(inSeq && i == 0) {
				b.WriteString(pad)
			}
			b.WriteString("- ")
			switch c := item.(type) {
			case map[string]interface{}, []interface{}:
				if isEmpty(c) {
					if err := emit(b, c, indent+2, false); err != nil {
						return err
					}
					continue
				}
				if err := emit(b, c, indent+2, true); err != nil {
					return err
				}
			default:
				if err := emit(b, c, indent+2, false); err != nil {
					return err
				}
			}
		}
	default:
		s, err := scalar(t)
		if err != nil {
			return err
		}
		b.WriteString(s)
		b.WriteString("\n")
	}
	return nil
}

func isEmpty(v interface{}) bool {
	switch t := v.(type) {
	case map[string]interface{}:
		return len(t) == 0
	case []interface{}:
		return len(t) == 0
	}
	return false
}

func scalar(v interface{}) (string, error) {
	switch t := v.(type) {
	case nil:
		return "null", nil
	case bool:
		return strconv.FormatBool(t), nil
	case string:
		return scalarString(t), nil
	case float64:
		return formatFloat(t), nil
	case float32:
		return formatFloat(float64(t)), nil
	case int:
		return strconv.Itoa(t), nil
	case int64:
		return strconv.FormatInt(t, 10), nil
	case json.Number:
		return t.String(), nil
	default:
		// Anything else (a dict built with sprig holding typed values): go through JSON.
		data, err := json.Marshal(t)
		if err != nil {
			return "", err
		}
		var generic interface{}
		if err := json.Unmarshal(data, &generic); err != nil {
			return "", err
		}
		if _, isMap := generic.(map[string]interface{}); isMap {
			return "", fmt.Errorf("toYaml: unsupported nested type %T", t)
		}
		if _, isList := generic.([]interface{}); isList {
			return "", fmt.Errorf("toYaml: unsupported nested type %T", t)
		}
		return scalar(generic)
	}
}

func formatFloat(f float64) string {
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return strconv.FormatInt(int64(f), 10)
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

var (
	plainSafe = regexp.MustCompile(`^[A-Za-z_/.][A-Za-z0-9_./-]*$`)
	ambiguous = regexp.MustCompile(`^(?i:y|yes|n|no|true|false|on|off|null|~|\.inf|\.nan|[-+]?\.inf)$`)
)

// scalarString writes a string plainly only when no YAML reader could take it for anything
// else; everything else becomes a double-quoted string (a JSON string is valid YAML).
func scalarString(s string) string {
	if plainSafe.MatchString(s) && !ambiguous.MatchString(s) {
		return s
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return strings.TrimSuffix(b.String(), "\n")
}
