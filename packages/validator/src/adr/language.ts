/**
 * ISO 639-1, the two-letter primary language subtags of BCP 47 (deprecated ones such as `iw`, `in`
 * and `sh` left out). Held here rather than asked of `Intl.DisplayNames`: which codes a Node build
 * can name comes from its ICU data (full, small or the system's ICU, and a CLDR version per Node
 * release), and whether `0001-x.de.md` is a translation must not change with the machine.
 */
const ISO_639_1 = new Set(
  (
    'aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ' +
    'ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik ' +
    'io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml ' +
    'mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd ' +
    'se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi ' +
    'vo wa wo xh yi yo za zh zu'
  ).split(' '),
);

/** language, then an optional script (`Hans`) and an optional region (`BR`, `419`), by `-` or `_`. */
const TAG = /^([a-z]{2})(?:[-_][A-Za-z]{4})?(?:[-_](?:[A-Za-z]{2}|\d{3}))?$/;

/**
 * Whether a file-name suffix is a language tag (`de`, `pt-BR`, `pt_br`, `zh-Hans`, `es-419`): the
 * shape of a BCP 47 language[-script][-region] and a language ISO 639-1 knows, so `js` in
 * `0003-next.js.md` is not one.
 */
export function isLanguageTag(tag: string): boolean {
  const m = TAG.exec(tag);
  return m !== null && ISO_639_1.has(m[1]!);
}
