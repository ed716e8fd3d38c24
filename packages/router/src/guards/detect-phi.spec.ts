import { describe, expect, it } from '@jest/globals';
import { createPhiDetector } from './detect-phi.js';

const detector = createPhiDetector();
const found = (text: string) => detector.detect([text]);

describe('createPhiDetector', () => {
  it.each([
    ['Plan a variant-calling workflow for patient John Smith (MRN 00452187)', ['name', 'mrn']],
    ['DOB 03/14/1961', ['birth_date']],
    ['discharged on March 3, 2024', ['clinical_date']],
    ['a 93-year-old woman', ['age_over_89']],
    ['call (617) 555-0143', ['phone']],
    ['jane.doe@stmarys-hospital.org', ['email']],
    ['SSN 123-45-6789', ['ssn']],
    ['Member ID: XGH448812345', ['health_plan']],
    ['billing account 4482-99103', ['account']],
    ['42 Elm Street, Springfield, IL 62704', ['address']],
    ['pacemaker serial number PX7734-221', ['device_serial']],
    ['https://mychart.example.org/patient/88123', ['url']],
    ["the patient's router at 192.168.14.22", ['ip_address']],
  ])('finds %j', (text, categories) => {
    const findings = found(text);
    expect(findings.flagged).toBe(true);
    expect(Object.keys(findings.counts)).toEqual(expect.arrayContaining(categories));
  });

  it.each([
    'sample NA12878 sequenced 2024-05-01',
    'rs429358 and rs7412 define APOE e4',
    'download SRR12345678, ERR2756788 and DRR001234',
    'UniProt P04637 and Q9Y6K9',
    'reads in chr17:43,044,295-43,125,483 and chr7:140453136-140453137',
    'GATK 4.2.6.1, samtools 1.17, DeepVariant v1.6.0',
    'the paper was published 2021-03-15; batch 7 was prepared on 2024-02-01',
    'BRCA1, TP53, KRAS G12D and EGFR L858R in patient samples',
    'Patient Cohort B has 120 tumours',
    'subjects aged 90-100 were excluded',
    'the Slurm controller is at 10.1.2.3',
    'git@github.com:lab/pipeline.git',
  ])('lets the bioinformatics identifiers in %j through', (text) => {
    expect(found(text)).toEqual({ flagged: false, counts: {} });
  });

  it('counts every text given, so PHI in an earlier chat message is found', () => {
    const findings = detector.detect(['Plan an RNA-seq workflow.', 'Sure.', 'Add Mr. Okafor, MRN 7781203, to it.']);
    expect(findings.counts).toEqual({ name: 1, mrn: 1 });
  });

  it('looks only for the categories asked for', () => {
    const onlyEmail = createPhiDetector({ categories: ['email'] });
    expect(onlyEmail.detect(['patient John Smith, MRN 00452187']).flagged).toBe(false);
    expect(onlyEmail.detect(['a@b.org']).counts).toEqual({ email: 1 });
  });

  it('ignores the spans an allow pattern matches, and nothing else', () => {
    const allowing = createPhiDetector({ allowPatterns: [/MRN STUDY-\d+/] });
    expect(allowing.detect(['pseudonym MRN STUDY-000123']).flagged).toBe(false);
    expect(allowing.detect(['pseudonym MRN STUDY-000123 and MRN 00452187']).counts).toEqual({ mrn: 1 });
  });

  it('gives the same answer on repeated and interleaved calls (no regex state leaks)', () => {
    const text = 'MRN 00452187 and MRN 00452188';
    expect(found(text).counts).toEqual({ mrn: 2 });
    expect(found('nothing here').flagged).toBe(false);
    expect(found(text).counts).toEqual({ mrn: 2 });
  });
});
