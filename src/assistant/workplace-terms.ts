/**
 * Everyday workplace words and the words handbooks use for the same thing ("WFH" / remote work, "my baby is
 * born" / parental leave, "off sick" / sick leave). The handbook's own words join the search query with a lower
 * weight than the asker's; nothing is removed. Written for Kiki (not taken from any corpus) and kept only where
 * it helped on the development questions (scripts/eval-answers.ts --split dev).
 */
/** Business cities and their countries: rate tables list countries ("what's the per diem for Paris?"). */
const CITIES: [RegExp, string][] = [
  [/\b(?:paris|lyon|marseille|toulouse)\b/i, 'france'],
  [/\b(?:london|manchester|edinburgh|glasgow|birmingham|bristol)\b/i, 'united kingdom uk'],
  [/\b(?:berlin|munich|münchen|frankfurt|hamburg|cologne|köln|stuttgart|düsseldorf)\b/i, 'germany'],
  [/\b(?:lisbon|lisboa|porto)\b/i, 'portugal'],
  [/\b(?:amsterdam|rotterdam|the hague|utrecht|eindhoven)\b/i, 'netherlands'],
  [/\b(?:brussels|antwerp|ghent)\b/i, 'belgium'],
  [/\b(?:zurich|zürich|geneva|genève|basel|bern|lausanne)\b/i, 'switzerland'],
  [/\b(?:madrid|barcelona|valencia|seville|malaga)\b/i, 'spain'],
  [/\b(?:milan|milano|rome|roma|turin|florence)\b/i, 'italy'],
  [/\b(?:dublin)\b/i, 'ireland'],
  [/\b(?:vienna|wien|salzburg)\b/i, 'austria'],
  [/\b(?:stockholm|gothenburg|malmö)\b/i, 'sweden'],
  [/\b(?:copenhagen|aarhus)\b/i, 'denmark'],
  [/\b(?:oslo|bergen)\b/i, 'norway'],
  [/\b(?:helsinki)\b/i, 'finland'],
  [/\b(?:warsaw|krakow|kraków|wroclaw)\b/i, 'poland'],
  [/\b(?:prague)\b/i, 'czech republic'],
  [/\b(?:new york|nyc|san francisco|sf|los angeles|chicago|boston|seattle|austin|denver|miami|washington dc)\b/i, 'united states us usa'],
  [/\b(?:toronto|vancouver|montreal|montréal|ottawa|calgary)\b/i, 'canada'],
  [/\b(?:sydney|melbourne|brisbane)\b/i, 'australia'],
  [/\b(?:tokyo|osaka)\b/i, 'japan'],
  [/\b(?:bangalore|bengaluru|mumbai|delhi|hyderabad|pune)\b/i, 'india'],
  [/\b(?:são paulo|sao paulo|rio de janeiro)\b/i, 'brazil'],
  [/\b(?:mexico city|guadalajara)\b/i, 'mexico'],
];

const TERMS: [RegExp, string][] = [
  [/\bwfh\b|\bwork(?:ing)? from (?:home|abroad|another country)\b|\bhome ?office\b/i, 'remote work'],
  [/\b(?:baby|newborn|new-born|pregnan\w*|expecting|paternity|maternity|dad|father|mum|mom|mother|birth)\b/i, 'parental leave'],
  [/\badopt(?:ing|ion)?\b/i, 'parental leave adoption'],
  [/\b(?:off sick|sick day|feel(?:ing)? (?:ill|sick|unwell)|unwell|flu|illness|doctor'?s? note)\b/i, 'sick leave'],
  [/\b(?:pto|vacation|holidays?|days? off|time away|annual leave)\b/i, 'time off'],
  [/\b(?:reimburs\w*|pay(?:ed)? (?:me )?back|claim (?:back|it)|expens\w*|receipts?)\b/i, 'expenses reimbursement'],
  [
    /\b(?:food|meals?|lunch|dinner|breakfast|eat(?:ing)?)\b.*\b(?:travel\w*|trip|abroad|per day|daily)\b|\bper ?diem\b/i,
    'per diem meals travel',
  ],
  [/\b(?:flights?|hotels?|book(?:ing)? (?:a )?trip|business trip)\b/i, 'travel booking'],
  [/\b(?:pay ?slip|pay ?check|paycheque|salary|wages?|pay ?day|get paid)\b/i, 'payroll'],
  [/\b(?:raise|pay rise|promotion|promoted|level(?:s|ing)?|career ladder)\b/i, 'compensation leveling'],
  [/\b(?:stock|shares|options?|rsus?|vesting|vest)\b/i, 'equity'],
  [/\b(?:quit(?:ting)?|resign\w*|hand(?:ing)? in my notice|notice period|last day|leaving the company)\b/i, 'leaving offboarding'],
  [/\b(?:laptop|computer|macbook|mac|monitor|keyboard|headset|hardware)\b/i, 'equipment laptop'],
  [
    /\b(?:broken|not working|doesn'?t work|stopped working|won'?t (?:connect|work|start)|can'?t (?:connect|log ?in|sign in|access)|error|fails?|issue|problem)\b/i,
    'troubleshooting',
  ],
  [/\b(?:log ?in|sign ?in|locked out|2fa|mfa|authenticator|one-time code)\b/i, 'okta authentication'],
  [/\b(?:password|passphrase|credentials?)\b/i, 'password'],
  [/\b(?:health insurance|medical|dental|vision|doctor|dentist)\b/i, 'health insurance benefits'],
  [/\b(?:gym|fitness|yoga|wellbeing|well-being|mental health|therapy|therapist)\b/i, 'wellness'],
  [/\b(?:onboard\w*|first day|first week|new hire|new joiner|just joined|starting)\b/i, 'onboarding'],
  [/\b(?:refer(?:ral)?|recommend a friend|bonus for hiring)\b/i, 'referral'],
  [/\b(?:training|course|conference|learn(?:ing)?|books?|education)\b/i, 'professional development learning budget'],
  [/\b(?:manager|boss|report(?:s)? to)\b/i, 'manager'],
  [/\b(?:review|feedback|perf(?:ormance)?)\b/i, 'performance review feedback'],
  [/\b(?:phishing|scam|suspicious (?:email|link|message)|hacked|virus|malware)\b/i, 'security incident report phishing'],
  [/\b(?:buy|purchase|procure\w*|vendor|supplier|subscription|software tool|saas)\b/i, 'purchasing vendor request'],
  [/\b(?:invoice|bill|pay a supplier)\b/i, 'accounts payable invoice'],
  [/\b(?:public holiday|bank holiday|national holiday)\b/i, 'holidays'],
  [/\b(?:move|relocat\w*|visa|work permit|another country)\b/i, 'relocation'],
  ...CITIES,
];

/** The countries of the cities a question names ("paris" → "france"): rate tables list countries. */
export function placeTerms(question: string): string {
  return CITIES.filter(([pattern]) => pattern.test(question))
    .map(([, words]) => words)
    .join(' ');
}

/** The handbook words for the everyday words of a question, to add to its search query (empty if none). */
export function handbookTerms(question: string): string {
  const out: string[] = [];
  for (const [pattern, words] of TERMS) if (pattern.test(question)) out.push(words);
  return [...new Set(out.join(' ').split(' '))].join(' ');
}
