// The workload: 30 concurrent workflows, each with a task template and its own context
// (2-6k tokens together), asking short questions at Poisson times. Text is generated from a seeded
// random source over a bioinformatics vocabulary, so every run and every policy sees the same bytes.
import { createSeededRandom } from '@biopipe/core';
import { tokenIdsOf } from '@biopipe/vllm-sim';

const VOCABULARY = (
  'sample read alignment variant coverage quality adapter genome transcript count matrix pipeline ' +
  'nextflow process channel module snakemake rule wildcard container conda bioconda singularity fastq ' +
  'bam cram vcf gff gtf bed fasta samplesheet star salmon bwa gatk deseq2 multiqc trimgalore fastp ' +
  'grch38 grcm39 chr7 strand paired library index reference annotation contig depth allele somatic'
).split(' ');

function text(random, tokens) {
  const words = [];
  for (let index = 0; index < tokens; index += 1) words.push(VOCABULARY[Math.floor(random() * VOCABULARY.length)]);
  return words.join(' ');
}

/**
 * @param {{ seed: number, workflows: number, templates: number, templateTokens: number,
 *   prefixTokens: [number, number], questionTokens: [number, number], outputTokens: [number, number] }} options
 */
export function createWorkload(options) {
  const random = createSeededRandom(options.seed);
  const templates = Array.from(
    { length: options.templates },
    (_, index) => `template orchestration-${index}@1\n${text(random, options.templateTokens)}\n`,
  );
  const between = ([low, high]) => low + Math.floor(random() * (high - low + 1));
  const workflows = Array.from({ length: options.workflows }, (_, index) => {
    const template = templates[index % templates.length];
    const total = between(options.prefixTokens);
    const system = `${template}workflow ${index} context:\n${text(random, Math.max(0, total - options.templateTokens))}`;
    return { index, system, systemIds: tokenIdsOf(system) };
  });
  /** The next request of a uniformly chosen workflow. */
  const nextRequest = () => {
    const workflow = workflows[Math.floor(random() * workflows.length)];
    const question = text(random, between(options.questionTokens));
    return {
      workflow: workflow.index,
      messages: [
        { role: 'system', content: workflow.system },
        { role: 'user', content: question },
      ],
      promptIds: [...workflow.systemIds, ...tokenIdsOf(` ${question}`)],
      outputTokens: between(options.outputTokens),
    };
  };
  const meanPromptTokens =
    workflows.reduce((sum, workflow) => sum + workflow.systemIds.length, 0) / workflows.length +
    (options.questionTokens[0] + options.questionTokens[1]) / 2;
  return { nextRequest, meanPromptTokens, random };
}
