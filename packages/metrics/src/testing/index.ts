export { createRoutingDecision, createRoutingMetric, createSeededRandom } from './create-routing-records.js';
export { createReadStatistics } from '../read-record-range.js';
