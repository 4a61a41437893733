/** Prompts Kiki suggests (assistant pane, App Home), by department, plus ones that suit everyone. */
export interface SuggestedPrompt {
  title: string;
  message: string;
}

const EVERYONE: SuggestedPrompt[] = [
  { title: 'Time off', message: 'How many days of paid time off do I get, and how do I request them?' },
  { title: 'Expenses', message: 'How do I submit an expense claim?' },
  { title: 'VPN', message: 'How do I set up the VPN on my laptop?' },
];

const BY_DEPARTMENT: Record<string, SuggestedPrompt[]> = {
  Legal: [
    { title: 'Signature authority', message: 'Who may sign a contract above 100,000 EUR?' },
    { title: 'Draft an NDA', message: 'How do I draft a mutual NDA with /kiki-contract?' },
  ],
  Comms: [
    { title: 'Press enquiries', message: 'A journalist contacted me. What does the press policy say?' },
    { title: 'Brand voice', message: 'What are the rules of our brand voice?' },
  ],
  People: [{ title: 'Parental leave', message: 'What is our parental leave policy?' }],
  IT: [{ title: 'Password reset', message: 'How does a password reset work with SSO?' }],
  Finance: [{ title: 'Per diem', message: 'What is the per diem for business travel?' }],
  Security: [{ title: 'Incidents', message: 'How do I report a security incident?' }],
};

/** Up to four prompts: the department's own first, then ones for everyone. */
export function suggestedPrompts(department?: string): SuggestedPrompt[] {
  const own = (department && BY_DEPARTMENT[department]) || [];
  return [...own, ...EVERYONE].slice(0, 4);
}
