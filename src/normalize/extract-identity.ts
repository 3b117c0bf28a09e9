/**
 * Pure: whose conversation a span belongs to (session, user) and which agent ran it.
 *
 * First present wins, all span attributes before any resource attribute:
 *
 * session:
 * 1. `gen_ai.conversation.id`
 * 2. `session.id`
 * 3. `langfuse.session.id`
 * 4. `langfuse.trace.metadata.langfuse_session_id`
 * 5. `langfuse.observation.metadata.langfuse_session_id`
 * 6. `traceloop.association.properties.session_id`
 * 7. `ai.telemetry.metadata.sessionId`
 * 8. `ai.settings.runtimeContext.sessionId`
 * 9. `ai.settings.context.sessionId`
 *
 * user:
 * 1. `user.id`
 * 2. `enduser.id`
 * 3. `langfuse.user.id`
 * 4. `langfuse.trace.metadata.langfuse_user_id`
 * 5. `langfuse.observation.metadata.langfuse_user_id`
 * 6. `traceloop.association.properties.user_id`
 * 7. `traceloop.association.properties.customer_id` (Traceloop's Associations helper: the paying
 *    customer, the closest thing to a user when no user id is set)
 * 8. `ai.telemetry.metadata.userId`
 * 9. `ai.settings.runtimeContext.userId`
 * 10. `ai.settings.context.userId`
 * 11. `enduser.pseudo.id` (pseudonymous, so last)
 *
 * agent: `gen_ai.agent.name`, `agent.name` (OpenInference), `ai.telemetry.functionId` (Vercel v4–v6;
 * v7 writes it as gen_ai.agent.name), `traceloop.entity.name` on a `traceloop.span.kind=agent` span.
 *
 * Numeric ids are kept as text (e.g. 42 → "42"); empty or blank strings count as absent.
 */
import { GENAI, IDENTITY, LANGFUSE, OPENINFERENCE, TRACELOOP, VERCEL } from '../semconv.js';
import { text } from './read-attributes.js';
import type { SpanInput } from './span-input.js';

/** Session id attributes, in precedence order. */
export const SESSION_KEYS = [
  GENAI.conversationId,
  IDENTITY.sessionId,
  LANGFUSE.sessionId,
  LANGFUSE.traceMetadataSessionId,
  LANGFUSE.observationMetadataSessionId,
  TRACELOOP.sessionId,
  VERCEL.metadataSessionId,
  VERCEL.runtimeContextSessionId,
  VERCEL.contextSessionId,
];

/** User id attributes, in precedence order. */
export const USER_KEYS = [
  IDENTITY.userId,
  IDENTITY.enduserId,
  LANGFUSE.userId,
  LANGFUSE.traceMetadataUserId,
  LANGFUSE.observationMetadataUserId,
  TRACELOOP.userId,
  TRACELOOP.customerId,
  VERCEL.metadataUserId,
  VERCEL.runtimeContextUserId,
  VERCEL.contextUserId,
  IDENTITY.enduserPseudoId,
];

/** Returns the span's session and user ids (null when absent). */
export function extractIdentity(span: SpanInput): { sessionId: string | null; userId: string | null } {
  return {
    sessionId: text(span.attributes, ...SESSION_KEYS) ?? text(span.resourceAttributes, ...SESSION_KEYS),
    userId: text(span.attributes, ...USER_KEYS) ?? text(span.resourceAttributes, ...USER_KEYS),
  };
}

/** Returns the name of the agent the span ran as, or null. */
export function extractAgentName(span: SpanInput): string | null {
  const a = span.attributes;
  const named = text(a, GENAI.agentName, OPENINFERENCE.agentName, VERCEL.functionId);
  if (named !== null) return named;
  return text(a, TRACELOOP.spanKind)?.toLowerCase() === 'agent' ? text(a, TRACELOOP.entityName) : null;
}
