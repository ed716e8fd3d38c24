import { describe, expect, it } from '@jest/globals';
import { parseSinfo } from './parse-sinfo.js';

describe('parseSinfo', () => {
  it('merges one line per node state into one partition each', () => {
    const partitions = parseSinfo('t4flex|up|1|idle\ndebug|up|1|idle\nbig|up|2|down*\nbig|up|1|mix\n\n');
    expect(partitions).toEqual([
      { name: 't4flex', availability: 'up', nodes: 1, node_states: ['idle'], up: true },
      { name: 'debug', availability: 'up', nodes: 1, node_states: ['idle'], up: true },
      { name: 'big', availability: 'up', nodes: 3, node_states: ['down*', 'mix'], up: true },
    ]);
  });

  it('is not up when the partition is down or no node responds in a usable state', () => {
    const [down, drained, silent] = parseSinfo('a|down|1|idle\nb|up|1|drain\nc|up|1|idle*\n');
    expect([down?.up, drained?.up, silent?.up]).toEqual([false, false, false]);
  });

  it('ignores lines that do not fit the format', () => {
    expect(parseSinfo('sinfo: warning: something\nt4flex|up|1|alloc\n')).toHaveLength(1);
  });
});
