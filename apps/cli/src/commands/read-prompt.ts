import { UsageError } from '@biopipe/core';

/** The prompt as given, or standard input when it is `-`. @throws UsageError for an empty prompt */
export async function readPromptArgument(
  argument: string,
  input: NodeJS.ReadableStream = process.stdin,
): Promise<string> {
  let prompt = argument;
  if (argument === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of input) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    prompt = Buffer.concat(chunks).toString('utf8');
  }
  if (prompt.trim() === '')
    throw new UsageError(
      argument === '-' ? 'Standard input was empty.' : 'The prompt is empty.',
      'Give the prompt as arguments, or `-` and pipe it in.',
    );
  return prompt;
}
