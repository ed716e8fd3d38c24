import type { PhiCategory } from '@biopipe/core';

/** One detection rule: a pattern, and optionally the context that must surround a match. */
export interface PhiRule {
  category: PhiCategory;
  /** Global (`g`) pattern; every match counts once. */
  pattern: RegExp;
  /**
   * When set, a match counts only if this pattern occurs within `CONTEXT_CHARS` of it: a date, an
   * IP address or a URL is an identifier only when it is tied to a person (Safe Harbor).
   */
  context?: RegExp;
  /**
   * Lowercase strings of which at least one must occur in the text for the rule to run: a substring
   * search is far cheaper than a pattern that backtracks at every word (`npm run bench:phi-guard`).
   */
  anyOf?: readonly string[];
}

/** How far around a match its context may be, in characters (about one sentence). */
export const CONTEXT_CHARS = 120;

const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\\.?';
/** ISO, numeric with / . or -, "March 3, 1961", "3 March 1961". */
const DATE = `(?:\\d{4}-\\d{1,2}-\\d{1,2}|\\d{1,2}[/.-]\\d{1,2}[/.-]\\d{2,4}|${MONTH}\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}|\\d{1,2}(?:st|nd|rd|th)?\\s+${MONTH},?\\s+\\d{4})`;
/** Words that tie a nearby date, URL or address to a person rather than to a sample or a paper. */
const PERSON = /\b(?:patient|patients'|pt\.|his|her|mr|mrs|ms|subject's|the deceased|home|portal|mychart|ehr)\b/i;
const ID_VALUE = '\\s*(?:[:#=]|\\bis\\b)?\\s*';

/** Capitalised words that follow "patient" without being a name ("Patient Cohort A"). */
export const NOT_A_NAME = new Set([
  'Cohort',
  'Cohorts',
  'Sample',
  'Samples',
  'Data',
  'Derived',
  'Group',
  'Groups',
  'Level',
  'Population',
  'Records',
  'Record',
  'Consent',
  'Information',
  'Id',
  'Identifier',
  'Identifiers',
  'Characteristics',
  'Outcome',
  'Outcomes',
  'Selection',
  'Stratification',
  'Metadata',
  'Tumors',
  'Tumours',
]);

/**
 * The detector's rules. Bioinformatics identifiers are kept out by shape: rsIDs, SRR/ERR/DRR runs,
 * UniProt accessions and NA12878-style samples start with letters and never follow a record keyword;
 * chromosome coordinates and tool versions have no 3-3-4 phone shape; dates count only next to a
 * birth, admission, discharge, death or collection word.
 */
export const PHI_RULES: readonly PhiRule[] = [
  {
    category: 'name',
    // Case matters: "patient John Smith", "Mrs. Okafor", "Dr. Chen"; not "patient samples".
    pattern: /\b(?:[Pp]atient|PATIENT|[Pp]t\.|Mr|Mrs|Ms|Miss|Mx|Dr)\.?:?\s+([A-Z][a-z'’-]+)(?:\s+[A-Z][a-z'’-]+)?/g,
  },
  { category: 'name', pattern: /\b(?:[Nn]ame|NAME)\s*[:=]\s*[A-Z][a-zA-Z'’-]+/g, anyOf: ['name'] },
  {
    category: 'name',
    pattern: /\b(?:patient|subject)(?:'s)?\s+(?:name\s+is|named|called)\s+[A-Z][a-z'’-]+/gi,
    anyOf: ['patient', 'subject'],
  },
  {
    category: 'birth_date',
    pattern: new RegExp(
      `\\b(?:DOB|D\\.O\\.B\\.?|date of birth|birth\\s?date|born(?: on)?|birthday)\\b[^.\\n\\d]{0,20}${DATE}`,
      'gi',
    ),
    anyOf: ['dob', 'd.o.b', 'birth', 'born'],
  },
  {
    category: 'clinical_date',
    pattern: new RegExp(
      `\\b(?:admi(?:tted|ssion)|discharged?|died|death|deceased|expired|date of service|visit date|seen in clinic)\\b[^.\\n\\d]{0,30}${DATE}`,
      'gi',
    ),
    anyOf: [
      'admi',
      'discharg',
      'died',
      'death',
      'deceased',
      'expired',
      'date of service',
      'visit date',
      'seen in clinic',
    ],
  },
  {
    category: 'clinical_date',
    pattern: new RegExp(`\\b(?:collect(?:ed|ion)|drawn|biops(?:y|ied)|resected)\\b[^.\\n\\d]{0,40}${DATE}`, 'gi'),
    context: PERSON,
    anyOf: ['collect', 'drawn', 'biops', 'resected'],
  },
  {
    category: 'age_over_89',
    pattern: /\b(?:9\d|1[01]\d)\s*-?\s*(?:years?[- ]old|y\/?o\b|yrs?[- ]old|year-old)/gi,
    anyOf: ['year', 'yo', 'y/o', 'yr'],
  },
  {
    category: 'age_over_89',
    pattern: /\b(?:age|aged)\s*[:=]?\s*(?:9\d|1[01]\d)\b(?!\s*(?:-|–|to)\s*\d)/gi,
    anyOf: ['age'],
  },
  { category: 'phone', pattern: /(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\b\d{3}[\s.-])\d{3}[\s.-]\d{4}\b/g },
  { category: 'phone', pattern: /\+\d{1,3}[\s.-]\d{1,4}[\s.-]\d{3,4}[\s.-]\d{3,4}\b/g, anyOf: ['+'] },
  {
    category: 'phone',
    pattern: /\b(?:phone|tel|telephone|fax|cell|mobile|pager)\b[^\d\n]{0,12}\d[\d() .-]{6,}\d/gi,
    anyOf: ['phone', 'tel', 'fax', 'cell', 'mobile', 'pager'],
  },
  // `git@host:` is a clone address, not a person's mailbox.
  { category: 'email', pattern: /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b(?!:)/g, anyOf: ['@'] },
  { category: 'ssn', pattern: /\b(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b/g },
  {
    category: 'ssn',
    pattern: new RegExp(`\\b(?:SSN|social security(?: number| no\\.?)?)${ID_VALUE}\\d{3}-?\\d{2}-?\\d{4}\\b`, 'gi'),
    anyOf: ['ssn', 'social security'],
  },
  {
    category: 'mrn',
    pattern: new RegExp(
      `\\b(?:MRN|MR#|MR no\\.?|medical record(?: number| no\\.?| #)?|chart (?:number|no\\.?|#)|hospital (?:number|no\\.?|id))${ID_VALUE}[A-Z0-9]{0,4}-?\\d{4,}`,
      'gi',
    ),
    anyOf: ['mrn', 'mr#', 'mr no', 'medical record', 'chart', 'hospital'],
  },
  // An HL7 v2 PID segment carries the patient's identifier list in field 3.
  { category: 'mrn', pattern: /\bPID\|[^|\n]*\|[^|\n]*\|[^|\n]*\d{4,}/g, anyOf: ['pid|'] },
  {
    category: 'health_plan',
    pattern: new RegExp(
      `\\b(?:member|beneficiary|subscriber|policy|insurance|medicaid|medicare|health[- ]plan|MBI)(?:\\s*(?:id|number|no\\.?|#))?${ID_VALUE}(?=[A-Z0-9-]*\\d)[A-Z0-9][A-Z0-9-]{5,}\\b`,
      'gi',
    ),
    anyOf: ['member', 'beneficiary', 'subscriber', 'policy', 'insurance', 'medicaid', 'medicare', 'health', 'mbi'],
  },
  {
    category: 'account',
    pattern: new RegExp(`\\b(?:account|acct|billing)\\.?(?:\\s*(?:number|no\\.?|#|id))?${ID_VALUE}\\d[\\d-]{5,}`, 'gi'),
    anyOf: ['account', 'acct', 'billing'],
  },
  {
    category: 'address',
    pattern:
      /\b\d{1,6}\s+(?:[NSEW]\.?\s+)?(?:[A-Z][a-z]+\s+){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Circle|Highway|Hwy|Parkway|Pkwy)\b\.?(?:,?\s+(?:Apt|Suite|Unit|#)\.?\s*\w+)?,?\s+(?:[A-Z][a-z]+|\d{5})/g,
  },
  { category: 'address', pattern: /\b[A-Z][a-z]+,\s+[A-Z]{2}\s+\d{5}(?:-\d{4})?\b/g },
  {
    category: 'device_serial',
    pattern: new RegExp(
      `\\b(?:serial(?:\\s*(?:number|no\\.?|#))?|S/N)${ID_VALUE}(?=[A-Z0-9-]*\\d)[A-Z0-9][A-Z0-9-]{4,}`,
      'gi',
    ),
    anyOf: ['serial', 's/n'],
  },
  { category: 'device_serial', pattern: /\b(?:UDI|SN)\s*[:#=]\s*[A-Z0-9][A-Z0-9-]{4,}/g, anyOf: ['udi', 'sn'] },
  {
    category: 'url',
    pattern: /\bhttps?:\/\/[^\s"'<>]*(?:patient|mrn|mychart|chart|ehr|portal)[^\s"'<>]*/gi,
    anyOf: ['http'],
  },
  { category: 'url', pattern: /\bhttps?:\/\/[^\s"'<>]+/gi, context: PERSON, anyOf: ['http'] },
  {
    category: 'ip_address',
    pattern: /\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b/g,
    context: PERSON,
  },
];
