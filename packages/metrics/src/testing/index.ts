export { createRoutingDecision, createRoutingMetric, createSeededRandom } from './create-routing-records.js';
