export { ResourceDetector } from './resource-detector.js';
export type { FromStrategyOptions, ResourceDetectorOptions } from './resource-detector.js';
export { createStrategyAutoDetector, detectStrategy } from './detect-strategy.js';
export type { DetectStrategyOptions, StrategyDetection } from './detect-strategy.js';
export { assessCoverage } from './assess-coverage.js';
export type { Coverage, TaskCoverage } from './assess-coverage.js';
export { checkEndpoint } from './check-endpoint.js';
export type { CheckEndpointOptions } from './check-endpoint.js';
export { collectCloudModels, collectEndpoints } from './collect-endpoints.js';
export type { CollectEndpointsOptions } from './collect-endpoints.js';
export { httpGet } from './http-get.js';
export type { HttpGet, HttpGetOptions, HttpResponse } from './http-get.js';
export { probeSlurm } from './slurm-probe.js';
export type { ProbeSlurmOptions } from './slurm-probe.js';
export { runCommand } from './run-command.js';
export type { CommandOutcome, CommandRunner, RunCommandOptions } from './run-command.js';
export { RESOURCE_STATUS_SCHEMA_VERSION } from './resource-status.js';
export type {
  CloudApiStatus,
  CloudModelEntry,
  DetectorEndpoint,
  EndpointCheck,
  EndpointStatus,
  KeyVerification,
  ResourceStatus,
  SlurmPartition,
  SlurmState,
  SlurmStatus,
} from './resource-status.js';
