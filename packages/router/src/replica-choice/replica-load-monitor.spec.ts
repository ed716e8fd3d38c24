import { describe, expect, it } from '@jest/globals';
import { ReplicaLoadMonitor } from './replica-load-monitor.js';

const PAGE = 'vllm:num_requests_running{model_name="q"} 2\nvllm:num_requests_waiting{model_name="q"} 5\n';

describe('ReplicaLoadMonitor', () => {
  it('scrapes in the background when due and serves the reading until it goes stale', async () => {
    let now = 0;
    const scraped: string[] = [];
    const monitor = new ReplicaLoadMonitor({
      now: () => now,
      intervalMs: 1000,
      timeoutMs: 500,
      staleMs: 3000,
      scrape: (url) => {
        scraped.push(url);
        return Promise.resolve(PAGE);
      },
    });
    expect(monitor.read('http://a')).toEqual({ known: false, reason: 'not scraped yet' });
    await monitor.scrapeNow('http://a');
    expect(monitor.read('http://a')).toMatchObject({ known: true, load: { running: 2, waiting: 5 } });
    now = 500;
    monitor.read('http://a');
    expect(scraped).toHaveLength(1);
    now = 4000;
    expect(monitor.read('http://a')).toEqual({ known: false, reason: 'last scrape is stale' });
    expect(scraped).toHaveLength(2);
  });

  it('makes a failed or unreadable scrape "load unknown", naming the replica without its credentials', async () => {
    const monitor = new ReplicaLoadMonitor({
      now: () => 0,
      intervalMs: 0,
      timeoutMs: 500,
      staleMs: 3000,
      scrape: (url) =>
        url.includes('broken') ? Promise.reject(new Error('HTTP 500')) : Promise.resolve('not prometheus'),
    });
    await monitor.scrapeNow('http://user:secret@broken:8001');
    await monitor.scrapeNow('http://odd:8001');
    const broken = monitor.read('http://user:secret@broken:8001');
    expect(broken.known).toBe(false);
    expect(JSON.stringify(broken)).not.toContain('secret');
    expect(JSON.stringify(broken)).toContain('HTTP 500');
    expect(monitor.read('http://odd:8001')).toEqual({ known: false, reason: 'no vLLM load gauges on /metrics' });
  });
});
