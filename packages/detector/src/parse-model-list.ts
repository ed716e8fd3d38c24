/** The fields of `GET /v1/models` the detector reads. */
export interface ModelList {
  ids: string[];
  /** The expected model's `max_model_len`, else the first card's; null when none lists one. */
  maxModelLen: number | null;
}

/**
 * Reads a `/v1/models` body leniently (STYLE.md: parse only the fields you read): `data[].id` and
 * `data[].max_model_len` (PROTOCOLS.md §1.2). Returns undefined when the body is not a model list.
 */
export function parseModelList(body: string, expectedModel: string | undefined): ModelList | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  const data = typeof parsed === 'object' && parsed !== null ? (parsed as { data?: unknown }).data : undefined;
  if (!Array.isArray(data)) return undefined;
  const cards = data.flatMap((card: unknown) => {
    if (typeof card !== 'object' || card === null) return [];
    const { id, max_model_len: length } = card as { id?: unknown; max_model_len?: unknown };
    if (typeof id !== 'string') return [];
    return [{ id, maxModelLen: typeof length === 'number' && Number.isFinite(length) ? length : null }];
  });
  const chosen = cards.find((card) => card.id === expectedModel) ?? cards[0];
  return { ids: cards.map((card) => card.id), maxModelLen: chosen?.maxModelLen ?? null };
}
