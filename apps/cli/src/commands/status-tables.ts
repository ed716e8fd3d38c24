import { describeSpend } from '@biopipe/router';
import type { EndpointState } from '@biopipe/core';
import type { SlurmState } from '@biopipe/detector';
import { formatTable, paint, type Output, type Style } from '../output.js';
import type { StatusReport } from './status.js';

const ENDPOINT_STYLE: Readonly<Record<EndpointState, Style>> = {
  healthy: 'green',
  unreachable: 'red',
  timeout: 'red',
  unhealthy: 'red',
  wrong_model: 'yellow',
  auth_error: 'yellow',
};
const SLURM_STYLE: Readonly<Record<SlurmState, Style>> = {
  available: 'green',
  missing: 'dim',
  timeout: 'red',
  failed: 'red',
};

/** The terminal form of `biopipe status`: strategy, endpoints by role, cloud keys, SLURM, coverage. */
export function printStatusTables(output: Output, report: StatusReport): void {
  const bold = (text: string): string => paint(output, 'bold', text);
  const strategy =
    report.strategy === null
      ? paint(output, 'red', 'none')
      : `${bold(report.strategy.name)} (${report.strategy.reason})`;
  output.out(`${bold('Strategy')}     ${strategy}`);
  const autoPick = report.auto_detect.strategy ?? paint(output, 'red', 'nothing');
  output.out(`${bold('Auto-detect')}  would pick ${autoPick}: ${report.auto_detect.reason}`);
  if (report.budget !== undefined && report.budget !== null) {
    const style = report.budget.state === 'exceeded' ? 'red' : report.budget.state === 'warn' ? 'yellow' : 'green';
    output.out(
      `${bold('Cloud spend')}  ${paint(output, style, describeSpend(report.budget))} (${report.budget.state}${report.budget.unreadable === undefined ? '' : `: the cloud is closed as budget.on_exceeded: ${report.budget.onExceeded} says`})`,
    );
    if (report.budget.hint !== undefined) output.out(`${paint(output, 'yellow', 'hint:')} ${report.budget.hint}`);
  }

  output.out(
    `\n${bold('vLLM endpoints')} (checked concurrently in ${report.duration_ms} ms, timeout ${report.timeout_ms} ms each)`,
  );
  if (report.vllm_endpoints.length === 0) output.out('  none: the strategy names no vLLM endpoint');
  else {
    const endpoints = [...report.vllm_endpoints].sort((a, b) => a.role.localeCompare(b.role));
    const rows = endpoints.map((endpoint) => [
      endpoint.role,
      endpoint.source === 'registry' ? `${endpoint.url} (job ${endpoint.job_id ?? '?'})` : endpoint.url,
      paint(output, ENDPOINT_STYLE[endpoint.state], endpoint.state),
      `${endpoint.latency_ms} ms`,
      endpoint.models.length > 0 ? endpoint.models.join(', ') : paint(output, 'dim', endpoint.expected_model ?? '-'),
      endpoint.reason,
    ]);
    output.out(formatTable(['ROLE', 'URL', 'STATE', 'LATENCY', 'MODEL', 'REASON'], rows));
  }

  output.out(`\n${bold('Cloud keys')} (presence only; values are never shown)`);
  const keys = report.cloud_apis.map((api) => [
    api.name,
    api.api_key_env,
    paint(output, api.key === 'present' ? 'green' : 'dim', api.key),
    api.used ? 'yes' : 'no',
    api.verification === null ? '-' : paint(output, api.verification === 'valid' ? 'green' : 'red', api.verification),
    api.verification === null || api.verification === 'valid' ? '' : api.reason,
  ]);
  output.out(
    keys.length === 0
      ? '  none configured'
      : formatTable(['MODEL', 'VARIABLE', 'KEY', 'USED', 'VERIFIED', 'REASON'], keys),
  );

  const slurm = report.slurm;
  if (slurm !== null)
    output.out(`\n${bold('SLURM')}  ${paint(output, SLURM_STYLE[slurm.state], slurm.state)}: ${slurm.reason}`);

  output.out('');
  if (report.strategy === null) {
    output.out(paint(output, 'red', 'No strategy: auto-detection found no backend.'));
    if (report.auto_detect.error?.hint)
      output.out(`${paint(output, 'yellow', 'hint:')} ${report.auto_detect.error.hint}`);
    return;
  }
  const missing = report.coverage.filter((task) => task.served_by === null);
  const cloud = report.coverage.filter((task) => task.served_by === 'cloud');
  if (missing.length === 0) {
    output.out(
      `${paint(output, 'green', 'Can serve')} every task type ${report.strategy.name} routes${cloud.length === 0 ? '' : ` (${cloud.map((task) => task.task_type).join(', ')} through the cloud)`}.`,
    );
    return;
  }
  output.out(`${paint(output, 'red', 'Cannot serve')} ${missing.length} of ${report.coverage.length} task types:`);
  output.out(
    formatTable(
      ['TASK TYPE', 'TARGET', 'WHY'],
      missing.map((task) => [task.task_type, task.target, task.reason]),
    ),
  );
}
