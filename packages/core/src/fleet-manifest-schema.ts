import { z } from 'zod';

/** How one role's vLLM server is run: the single source of truth for scripts, the simulator and code. */
export const fleetRoleSchema = z.strictObject({
  /** Hugging Face model id or path given to `vllm serve`. */
  model: z.string().min(1),
  /** `--served-model-name`: the `model` clients send and `/v1/models` lists. */
  served_model_name: z.string().min(1),
  /** `--port`. */
  port: z.number().int().min(1).max(65535),
  /** `generate` for chat models, `pooling` for embedding models (`--runner pooling`). @default "generate" */
  runner: z.enum(['generate', 'pooling']).default('generate'),
  /** `--quantization`; `none` passes nothing. @default "none" */
  quantization: z.enum(['none', 'awq', 'gptq', 'bitsandbytes', 'fp8']).default('none'),
  /** `--max-model-len`. */
  max_model_len: z.number().int().positive(),
  /** Vector size, for embedding models. */
  embedding_dimensions: z.number().int().positive().optional(),
  /** Estimated GPU memory the server needs, in GiB (a T4 has 16). */
  vram_gb: z.number().positive(),
  /** What the role is for, shown in status output. @default "" */
  description: z.string().default(''),
  /** Extra `vllm serve` arguments, passed as given. @default [] */
  extra_args: z.array(z.string()).default([]),
  /**
   * An optional role (a specialist added when measurements call for it) is written with `enabled:
   * false` and left out of the loaded fleet — scripts, the health monitor and the simulator never see
   * it — until an overlay sets `enabled: true`. @default true
   */
  enabled: z.boolean().default(true),
});
export type FleetRole = z.output<typeof fleetRoleSchema>;

/** Settings shared by every role's SLURM job and vLLM command line. */
export const fleetDefaultsSchema = z.strictObject({
  /** SLURM partition. @default "t4flex" */
  partition: z.string().min(1).default('t4flex'),
  /** GPUs per job (`--gres=gpu:N`). @default 1 */
  gpus: z.number().int().min(0).default(1),
  /** SLURM `--time` (HH:MM:SS or D-HH:MM:SS). @default "24:00:00" */
  time_limit: z
    .string()
    .regex(/^(\d+-)?\d{1,2}:\d{2}:\d{2}$/, 'must look like 24:00:00 or 1-00:00:00')
    .default('24:00:00'),
  /** CPUs per job. @default 4 */
  cpus: z.number().int().min(1).default(4),
  /** Host memory per job, SLURM syntax. @default "32G" */
  memory: z.string().min(1).default('32G'),
  /** `--dtype`; T4 (compute capability 7.5) has no bf16, so `half` is required there. @default "half" */
  dtype: z.enum(['half', 'float16', 'float32', 'bfloat16', 'auto']).default('half'),
  /** `--gpu-memory-utilization`. @default 0.9 */
  gpu_memory_utilization: z.number().gt(0).max(1).default(0.9),
  /** Prefix caching (`--enable-prefix-caching`). @default true */
  enable_prefix_caching: z.boolean().default(true),
  /** Job name prefix; the health monitor finds its jobs by it. @default "biopipe-vllm-" */
  job_name_prefix: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+$/)
    .default('biopipe-vllm-'),
});

export const fleetManifestSchema = z
  .strictObject({
    defaults: fleetDefaultsSchema.default(fleetDefaultsSchema.parse({})),
    /** Role name -> how its server runs. */
    roles: z
      .record(z.string().regex(/^[a-z][a-z0-9_-]*$/, 'role names are lowercase words'), fleetRoleSchema)
      .refine((roles) => Object.keys(roles).length > 0, 'needs at least one role'),
  })
  .superRefine((manifest, context) => {
    const seen = new Map<number, string>();
    for (const [role, spec] of Object.entries(manifest.roles)) {
      const other = seen.get(spec.port);
      if (other !== undefined) {
        context.addIssue({
          code: 'custom',
          path: ['roles', role, 'port'],
          message: `port ${spec.port} is already used by role "${other}"`,
        });
      }
      seen.set(spec.port, role);
      if (spec.runner === 'pooling' && spec.embedding_dimensions === undefined) {
        context.addIssue({
          code: 'custom',
          path: ['roles', role],
          message: 'a pooling (embeddings) role needs embedding_dimensions',
        });
      }
    }
  });

/** `config/fleet.yaml`, validated. */
export type FleetManifest = z.output<typeof fleetManifestSchema>;
