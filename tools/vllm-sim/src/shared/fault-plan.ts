import { parseSimFaults, type RequestFault, type RequestFaultKind, type SimFaults } from './fault-settings.js';
import { createSeededRandom, type RandomSource } from '@biopipe/core';

type ActiveFaults = { [K in RequestFaultKind]?: RequestFault<K> };

/** The switches a simulator reacts to at once when they change. */
export interface FaultSwitches {
  refuseConnections: boolean;
  wrongModel: string | null;
  die: boolean | { afterMs: number };
}

/**
 * The faults in force on one simulator. Request faults are drawn per request with `take`; switch
 * faults (refuse connections, wrong model, die) are reported to `onSwitch` as soon as they change.
 */
export class FaultPlan {
  private active: ActiveFaults = {};
  private switches: FaultSwitches = { refuseConnections: false, wrongModel: null, die: false };
  private readonly random: RandomSource;

  constructor(
    seed: number,
    private readonly onSwitch: (switches: FaultSwitches) => void = () => undefined,
  ) {
    this.random = createSeededRandom(seed);
  }

  /** Merges an update (validated); `null` clears a fault. Returns what is now in force. */
  update(update: SimFaults, source = 'setFaults()'): SimFaults {
    const parsed = parseSimFaults(update, source);
    const next: ActiveFaults = { ...this.active };
    for (const [key, value] of Object.entries(parsed)) {
      if (key === 'refuseConnections' || key === 'wrongModel' || key === 'die') continue;
      if (value === null) delete next[key as RequestFaultKind];
      else if (value !== undefined) (next as Record<string, unknown>)[key] = value;
    }
    this.active = next;
    const switches = { ...this.switches };
    if (parsed.refuseConnections !== undefined) switches.refuseConnections = parsed.refuseConnections;
    if (parsed.wrongModel !== undefined) switches.wrongModel = parsed.wrongModel;
    if (parsed.die !== undefined) switches.die = parsed.die ?? false;
    const changed = JSON.stringify(switches) !== JSON.stringify(this.switches);
    this.switches = switches;
    if (changed) this.onSwitch(switches);
    return this.current();
  }

  /** Clears every fault (a pending death stays pending: it cannot be undone). */
  clear(): SimFaults {
    this.active = {};
    const dying = this.switches.die;
    const changed = this.switches.refuseConnections || this.switches.wrongModel !== null;
    this.switches = { refuseConnections: false, wrongModel: null, die: dying };
    if (changed) this.onSwitch(this.switches);
    return this.current();
  }

  /** Everything in force, in the shape `update` takes. */
  current(): SimFaults {
    return { ...this.active, ...this.switches };
  }

  get wrongModel(): string | null {
    return this.switches.wrongModel;
  }

  /** True when any request fault is armed (lets the hot path skip the lookups). */
  get hasRequestFaults(): boolean {
    for (const _key in this.active) return true;
    return false;
  }

  /**
   * Whether this request is hit by the fault of `kind`: returns its settings, or undefined. A hit
   * uses up one of `count`; the fault clears itself when none are left.
   */
  take<K extends RequestFaultKind>(kind: K): RequestFault<K> | undefined {
    const fault = this.active[kind] as RequestFault<K> | undefined;
    if (fault === undefined) return undefined;
    if (fault.fraction !== undefined && fault.fraction < 1 && this.random() >= fault.fraction) return undefined;
    if (fault.count !== undefined) {
      if (fault.count <= 1) delete this.active[kind];
      else this.active[kind] = { ...fault, count: fault.count - 1 } as ActiveFaults[K];
    }
    return fault;
  }

  /** Looks at a fault without using it up (for faults checked at several points of one request). */
  peek<K extends RequestFaultKind>(kind: K): RequestFault<K> | undefined {
    return this.active[kind] as RequestFault<K> | undefined;
  }
}
