/**
 * What goes over the wire in `autoflow stream`: an input message's data read as one record
 * and checked like a `serve` request, and the messages published for it (a verdict, or the
 * input itself on the dead-letter topic with the reason). Pure functions of their inputs.
 *
 * A verdict carries the input's attributes (so routing keys such as a tenant or a listing id
 * travel with it) plus `autoflow_*` attributes for subscribers that filter without parsing.
 * The input message id is in both the data and the attributes: delivery is at least once, so
 * a consumer recognises a repeated verdict by it.
 */
import { checkRecord, type InputColumn } from '../input-schema.js';
import type { Prediction } from '../servable-model.js';

export interface InputMessage {
  id: string;
  data: Buffer;
  attributes: Record<string, string>;
}

export interface OutgoingMessage {
  data: Buffer;
  attributes: Record<string, string>;
}

export interface Verdict {
  inputMessageId: string;
  model: { name: string; version: number };
  label: string;
  probabilities: Record<string, number>;
}

/** Pub/Sub limits an attribute value to 1,024 bytes. */
const MAX_ATTRIBUTE_BYTES = 1024;

/** The record in a message's data, validated against the model's input columns, or why it cannot be scored. */
export function readRecord(data: Buffer, schema: InputColumn[]): { record: Record<string, unknown> } | { reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(data.toString('utf8'));
  } catch (e) {
    return { reason: `not valid JSON (${(e as Error).message}); each message must hold one JSON object` };
  }
  const checked = checkRecord(value, schema);
  if ('record' in checked) return checked;
  return { reason: checked.problems.map((p) => (p.field ? `field "${p.field}": ${p.message}` : p.message)).join('; ') };
}

export function verdictMessage(input: InputMessage, model: { name: string; version: number }, prediction: Prediction): OutgoingMessage {
  const verdict: Verdict = { inputMessageId: input.id, model: { name: model.name, version: model.version }, ...prediction };
  return {
    data: Buffer.from(JSON.stringify(verdict)),
    attributes: {
      ...input.attributes,
      autoflow_input_message_id: input.id,
      autoflow_model: model.name,
      autoflow_model_version: String(model.version),
      autoflow_label: prediction.label,
    },
  };
}

/** The input unchanged (data and attributes) with the reason it was not scored, for the dead-letter topic. */
export function deadLetterMessage(input: InputMessage, reason: string, subscription: string): OutgoingMessage {
  return {
    data: input.data,
    attributes: {
      ...input.attributes,
      autoflow_error: truncateUtf8(reason, MAX_ATTRIBUTE_BYTES),
      autoflow_input_message_id: input.id,
      autoflow_subscription: truncateUtf8(subscription, MAX_ATTRIBUTE_BYTES),
    },
  };
}

function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  let cut = text.slice(0, maxBytes - 3);
  while (Buffer.byteLength(cut) > maxBytes - 3) cut = cut.slice(0, -1);
  return `${cut}...`;
}
