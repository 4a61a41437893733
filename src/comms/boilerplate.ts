// Page clutter that survives extraction, or comes with pasted text: it must not sway the score.
const PATTERNS = [
  /\bcookies?\b/i,
  /\bnewsletter\b/i,
  /\b(subscribe|sign up|sign in|log in|register now|create an account)\b/i,
  /\ball rights reserved\b|©|\bcopyright\b/i,
  /\b(advertisement|sponsored( content)?|read more|related (articles|stories)|recommended for you|most read)\b/i,
  /\b(share (this|on)|follow us|click here|privacy policy|terms of (use|service))\b/i,
  /\b(leave a comment|\d+ comments?|comments? section|reply to this)\b/i,
  /\b(abonnez-vous|abonnement|inscrivez-vous|se connecter|connectez-vous|publicité|lire aussi|lire la suite|à lire également)\b/i,
  /\b(tous droits réservés|partager (sur|cet article)|suivez-nous|politique de confidentialité|conditions d'utilisation|contenu sponsorisé)\b/i,
  /\b(réagir|commentaires?|laisser un commentaire)\b\s*[(:]/i,
];

export function isBoilerplate(sentence: string): boolean {
  const words = sentence.split(/\s+/).filter((w) => /\p{L}/u.test(w));
  if (words.length < 4) return true;
  return PATTERNS.some((p) => p.test(sentence));
}
