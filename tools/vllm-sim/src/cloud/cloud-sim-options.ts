import type { SimFaults } from '../shared/fault-settings.js';
import type { LatencySettings } from '../shared/latency-model.js';
import type { GenerationMode } from '../shared/text-generator.js';

/** Options shared by the simulated cloud APIs. */
export interface CloudSimOptions extends LatencySettings {
  /** Interface to bind. @default "127.0.0.1" */
  host?: string;
  /** Port to bind; 0 picks a free one. @default 0 */
  port?: number;
  /** The one key accepted. Unset: any non-empty key is accepted (a missing key is still a 401). @default any */
  apiKey?: string;
  /** How answers are made up. @default "lorem" */
  mode?: GenerationMode;
  /** Faults in force from the start. @default none */
  faults?: SimFaults;
  /** Seed of the fault generator (fractions). @default 1 */
  faultSeed?: number;
  /** Serve `/admin/faults` and `/admin/stats`. @default false */
  enableAdmin?: boolean;
  /** How many recent requests `requests` keeps. @default 10000 */
  recordLimit?: number;
}
