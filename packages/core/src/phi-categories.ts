import { z } from 'zod';

/**
 * The HIPAA Safe Harbor identifiers (45 CFR 164.514(b)(2)) that occur in prompt text, as the PHI
 * guard detects them. Identifiers that cannot be told from text alone (biometrics, photographs) are
 * left out.
 */
export const PHI_CATEGORIES = [
  'name',
  'birth_date',
  'clinical_date',
  'age_over_89',
  'phone',
  'email',
  'ssn',
  'mrn',
  'health_plan',
  'account',
  'address',
  'device_serial',
  'url',
  'ip_address',
] as const;

export const phiCategorySchema = z.enum(PHI_CATEGORIES);
/** One kind of patient identifier. */
export type PhiCategory = z.infer<typeof phiCategorySchema>;

/** How each category reads in a message: "the prompt contains patient identifiers (MRN, date of birth)". */
export const PHI_CATEGORY_LABELS: Readonly<Record<PhiCategory, string>> = {
  name: 'patient name',
  birth_date: 'date of birth',
  clinical_date: 'admission, discharge, death or collection date',
  age_over_89: 'age over 89',
  phone: 'phone or fax number',
  email: 'email address',
  ssn: 'SSN',
  mrn: 'MRN',
  health_plan: 'health-plan number',
  account: 'account number',
  address: 'street address',
  device_serial: 'device serial number',
  url: 'patient URL',
  ip_address: 'patient IP address',
};
