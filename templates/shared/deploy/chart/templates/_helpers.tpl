{{/*
Names, labels and the image reference shared by every manifest of this chart.
*/}}

{{- define "service.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Full name: the release name, with the chart name appended unless it is already part of it.
Truncated to 63 characters because some name fields are limited to a DNS-1123 label.
*/}}
{{- define "service.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "service.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "service.labels" -}}
helm.sh/chart: {{ include "service.chart" . }}
{{ include "service.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | toString | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- /* Lets Backstage's Kubernetes plugin find these objects (catalog-info.yaml). */}}
backstage.io/kubernetes-id: {{ .Chart.Name }}
{{- end }}

{{/*
Selector labels never change after the first install (a Deployment's selector is immutable).
The instance label is the objects' full name, so it matches metadata.name whatever the release is
called (Polaris: metadataAndInstanceMismatched).
*/}}
{{- define "service.selectorLabels" -}}
app.kubernetes.io/name: {{ include "service.name" . }}
app.kubernetes.io/instance: {{ include "service.fullname" . }}
{{- end }}

{{- define "service.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "service.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
Image reference: a digest, when set, wins over the tag, so the pod runs exactly the image that
was built and scanned. The tag falls back to the chart's appVersion.
*/}}
{{- define "service.image" -}}
{{- $repository := required "image.repository is required" .Values.image.repository }}
{{- if .Values.image.digest }}
{{- printf "%s@%s" $repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" $repository (.Values.image.tag | default .Chart.AppVersion | toString) }}
{{- end }}
{{- end }}

{{/*
Refuse a termination budget the kubelet would cut short: it kills the container when the grace
period ends, even mid-drain. The budget is preStop sleep + app drain delay + app shutdown timeout.
*/}}
{{- define "service.checkShutdown" -}}
{{- $s := .Values.shutdown }}
{{- $budget := addf $s.preStopSeconds $s.delaySeconds $s.timeoutSeconds }}
{{- if le (float64 $s.gracePeriodSeconds) $budget }}
{{- fail (printf "shutdown.gracePeriodSeconds (%v) must be greater than preStopSeconds + delaySeconds + timeoutSeconds (%v)" $s.gracePeriodSeconds $budget) }}
{{- end }}
{{- end }}

{{/*
Name of the `helm test` pod and its NetworkPolicy: the full name cut first, so that with the
suffix it is still a DNS-1123 label (63 characters) and a valid label value.
*/}}
{{- define "service.testName" -}}
{{- printf "%s-test-probe" (include "service.fullname" . | trunc 52 | trimSuffix "-") }}
{{- end }}

{{/*
Labels of the `helm test` pod: not the Deployment's selector labels, so the Service never routes
to it and the service's NetworkPolicy does not select it. Cut before the suffix, as the names are:
a label value is at most 63 characters.
*/}}
{{- define "service.testSelectorLabels" -}}
app.kubernetes.io/name: {{ printf "%s-test" (include "service.name" . | trunc 58 | trimSuffix "-") }}
app.kubernetes.io/instance: {{ include "service.testName" . }}
{{- end }}

{{- define "service.testLabels" -}}
helm.sh/chart: {{ include "service.chart" . }}
{{ include "service.testSelectorLabels" . }}
app.kubernetes.io/component: test
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}
