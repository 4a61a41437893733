// Site chrome that a browser's "copy all" or a text export brings along with an article: menus, skip links,
// share buttons, social-network rows, section bars. Removed line by line before the title is picked, before
// scoring and before themes (a headline of "Close Menu" and themes like "twitter instagram" came from these).

const SOCIAL =
  /\b(facebook|twitter|instagram|linkedin|youtube|tiktok|whatsapp|pinterest|snapchat|threads|bluesky|mastodon|telegram|reddit)\b/gi;
const CHROME_LINE = [
  /^(close|open|toggle|show|hide|main|site|primary)\s+(the\s+)?(menu|navigation|nav|search|sidebar)$/i,
  /^skip\s+to\s+(main\s+)?(content|navigation|main)$/i,
  /^(menu|search|home|print|email|share|share this( article| story)?|sign in|log in|subscribe|newsletter|back to top|advertisement|more|next|previous|listen|save|copy link|comments?)$/i,
  /^(fermer|ouvrir)\s+(le\s+)?menu$/i,
  /^aller\s+au\s+(contenu|menu)(\s+principal)?$/i,
  /^(rechercher|accueil|imprimer|partager|s'abonner|se connecter|mon compte|publicité|lire plus tard|écouter|envoyer par e-?mail)$/i,
  /^(share|partager)\s+(on|sur)\s+\S+(\s+(share|partager)\s+(on|sur)\s+\S+)*(\s+(email|e-mail|print|imprimer))*$/i,
];
// Section bars: short lines made only of section names.
const SECTIONS = new Set(
  'home news business tech technology opinion sport sports politics world culture economy markets money latest video videos podcasts podcast newsletters life style lifestyle science health travel entertainment local us uk europe more menu accueil actualités actu économie politique monde société sports vidéos international france régions idées'.split(
    ' ',
  ),
);

export function isChromeLine(line: string): boolean {
  const l = line.trim().replace(/\s+/g, ' ');
  if (!l) return false;
  if (CHROME_LINE.some((re) => re.test(l))) return true;
  const words = l.split(' ');
  const social = l.match(SOCIAL)?.length ?? 0;
  if (social >= 2 && words.length <= 14 && !/[.!?]$/.test(l)) return true;
  const sectionWords = words.filter((w) => SECTIONS.has(w.toLowerCase().replace(/[^\p{L}]/gu, ''))).length;
  return words.length >= 3 && words.length <= 12 && sectionWords / words.length >= 0.8 && !/[.!?]$/.test(l);
}

/** The text without chrome lines (paragraph breaks kept). */
export function stripChrome(text: string): string {
  return text
    .split('\n')
    .filter((line) => !isChromeLine(line))
    .join('\n');
}
