/**
 * The jurisdictions a contract can be governed by: countries, the UK's three legal systems and the US states
 * most contracts name. A field of type `jurisdiction` takes one of these (any case), never free text: a typo or
 * a made-up place would otherwise be drafted as "governed by the laws of Narnia".
 */
const COUNTRIES =
  'Argentina,Australia,Austria,Belgium,Brazil,Bulgaria,Canada,Chile,China,Colombia,Croatia,Cyprus,Czech Republic,Czechia,Denmark,Estonia,Finland,France,Germany,Greece,Hong Kong,Hungary,Iceland,India,Indonesia,Ireland,Israel,Italy,Japan,Latvia,Liechtenstein,Lithuania,Luxembourg,Malaysia,Malta,Mexico,Netherlands,New Zealand,Norway,Philippines,Poland,Portugal,Romania,Singapore,Slovakia,Slovenia,South Africa,South Korea,Spain,Sweden,Switzerland,Taiwan,Thailand,Turkey,Ukraine,United Arab Emirates,United Kingdom,United States,Vietnam';
const UK = 'England,England and Wales,Northern Ireland,Scotland,Wales';
const US =
  'Arizona,California,Colorado,Connecticut,Delaware,Florida,Georgia,Illinois,Maryland,Massachusetts,Michigan,Minnesota,New Jersey,New York,North Carolina,Ohio,Oregon,Pennsylvania,Texas,Utah,Virginia,Washington';
const CANADA = 'Alberta,British Columbia,Ontario,Quebec';

const KNOWN = new Map(
  [COUNTRIES, UK, US, CANADA]
    .join(',')
    .split(',')
    .map((j) => [j.toLowerCase(), j] as const),
);

/** The jurisdiction as it is spelled in a contract, or undefined when Kiki does not know it. */
export function knownJurisdiction(text: string): string | undefined {
  const key = text
    .trim()
    .replace(/^(?:the\s+)?(?:laws?\s+of\s+)?(?:the\s+)?/i, '')
    .replace(/\s+/g, ' ')
    .toLowerCase();
  return KNOWN.get(key) ?? KNOWN.get(key.replace(/^state of /, ''));
}
