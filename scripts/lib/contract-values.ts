// Values for the shipped contract templates, shared by the tests and the contract benchmark.

/** `YYYY-MM-DD` of the UTC day `days` from today: contract dates must sit near today (DATE_WINDOW). */
export function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** Valid values for each shipped template (dates near today, inside the contract date window). */
export const SAMPLE_VALUES: Record<string, Record<string, string>> = {
  'mutual-nda': {
    counterparty: 'Globex GmbH',
    counterparty_address: 'Hauptstraße 1, 80331 München',
    counterparty_email: 'legal@globex.example',
    effective_date: inDays(30),
  },
  'one-way-nda': {
    recipient: 'Initech Ltd',
    recipient_address: '1 King St, London',
    recipient_email: 'ops@initech.example',
    effective_date: inDays(45),
    purpose: 'a security audit of the card vault',
  },
  'consulting-agreement': {
    consultant: 'Hooli Consulting BV',
    consultant_address: 'Damrak 1, Amsterdam',
    consultant_email: 'hi@hooli.example',
    start_date: inDays(60),
    services: 'Review of the settlement reconciliation pipeline.',
    fee_amount: '1,200',
  },
  'data-processing-agreement': {
    processor: 'Umbrella Cloud SAS',
    processor_address: '10 rue de Rivoli, Paris',
    processor_privacy_email: 'dpo@umbrella.example',
    main_agreement: 'Master Services Agreement dated 1 March 2025',
    effective_date: inDays(30),
    processing_purpose: 'Hosting of merchant onboarding documents.',
  },
  'offer-letter': {
    candidate_name: 'Jane Doe',
    candidate_email: 'jane@example.com',
    position_title: 'Risk Analyst',
    hiring_manager: 'Ana Ruiz',
    start_date: inDays(90),
    base_salary: 'EUR 72000',
    offer_expiry_date: inDays(14),
  },
};
