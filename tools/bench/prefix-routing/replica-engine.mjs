// One simulated vLLM replica in simulated time, stepped as vLLM V1's scheduler steps: each step
// decodes one token for every running request and spends the rest of its token budget on prefill
// chunks (chunked prefill), first come first served. A step costs a fixed overhead, a prefill cost
// per uncached prompt token and a small cost per decoding sequence, so prefill work slows decode
// and queueing appears once the GPU is busy. The prefix cache is the simulator's own PrefixCache
// (16-token blocks, LRU, KV capacity shared with running requests' generated tokens).
import { PrefixCache } from '@biopipe/vllm-sim';

export class ReplicaEngine {
  constructor(url, settings) {
    this.url = url;
    this.settings = settings;
    this.cache = new PrefixCache(settings.blockSize, settings.kvCacheBlocks);
    this.waiting = [];
    this.running = [];
    this.stepEnd = Infinity;
    this.busyMs = 0;
    this.prefillTokens = 0;
    this.queriedTokens = 0;
    this.hitTokens = 0;
    this.served = 0;
  }

  submit(request, now) {
    this.waiting.push(request);
    if (this.stepEnd === Infinity) this.startStep(now);
  }

  /** Blocks held by running requests, as vLLM's kv_cache_usage_perc counts them. */
  kvCacheUsage() {
    const { blockSize, kvCacheBlocks } = this.settings;
    const held = this.running.reduce(
      (sum, request) => sum + Math.ceil((request.promptIds.length + request.outputTokens) / blockSize),
      0,
    );
    return Math.min(1, held / kvCacheBlocks);
  }

  startStep(now) {
    const { maxNumSeqs, maxBatchedTokens, blockSize } = this.settings;
    while (this.waiting.length > 0 && this.running.length < maxNumSeqs) {
      const request = this.waiting.shift();
      const cached = this.cache.lookupAndStore(request.promptIds);
      request.generatedBlocks = Math.ceil(request.outputTokens / blockSize);
      this.cache.reserve(request.generatedBlocks);
      request.prefillLeft = request.promptIds.length - cached;
      request.decodeLeft = request.outputTokens;
      this.queriedTokens += request.promptIds.length;
      this.hitTokens += cached;
      this.running.push(request);
    }
    if (this.running.length === 0) {
      this.stepEnd = Infinity;
      return;
    }
    let budget = maxBatchedTokens;
    let decodes = 0;
    for (const request of this.running) {
      request.chunk = 0;
      if (request.prefillLeft === 0) decodes += 1;
    }
    budget -= decodes;
    let prefill = 0;
    for (const request of this.running) {
      if (request.prefillLeft === 0 || budget <= 0) continue;
      request.chunk = Math.min(request.prefillLeft, budget);
      budget -= request.chunk;
      prefill += request.chunk;
    }
    const { stepOverheadMs, prefillPerTokenMs, decodePerSequenceMs } = this.settings;
    const duration = stepOverheadMs + prefillPerTokenMs * prefill + decodePerSequenceMs * decodes;
    this.busyMs += duration;
    this.prefillTokens += prefill;
    this.stepEnd = now + duration;
  }

  /** Ends the current step at `now`; calls `onFirstToken` / `onDone` for requests that reached them. */
  finishStep(now, onFirstToken, onDone) {
    const still = [];
    for (const request of this.running) {
      if (request.prefillLeft > 0) {
        request.prefillLeft -= request.chunk;
        if (request.prefillLeft === 0) {
          // The step that computes the last prompt token also samples the first output token.
          request.decodeLeft -= 1;
          onFirstToken(request, now);
        }
      } else {
        request.decodeLeft -= 1;
      }
      if (request.prefillLeft === 0 && request.decodeLeft <= 0) {
        this.cache.release(request.generatedBlocks);
        this.served += 1;
        onDone(request, now);
      } else {
        still.push(request);
      }
    }
    this.running = still;
    this.startStep(now);
  }
}
