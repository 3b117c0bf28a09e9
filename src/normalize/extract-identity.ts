/**
 * Pure: session and user ids of a span, by a documented precedence (first present wins; span
 * attributes before resource attributes).
 *
 * session: gen_ai.conversation.id, session.id, langfuse.session.id,
 *   langfuse.trace.metadata.langfuse_session_id, traceloop.association.properties.session_id,
 *   ai.telemetry.metadata.sessionId, ai.settings.runtimeContext.sessionId, ai.settings.context.sessionId
 * user: user.id, enduser.id, langfuse.user.id, langfuse.trace.metadata.langfuse_user_id,
 *   traceloop.association.properties.user_id, ai.telemetry.metadata.userId,
 *   ai.settings.runtimeContext.userId, ai.settings.context.userId, enduser.pseudo.id
 */
import { GENAI, IDENTITY, LANGFUSE, TRACELOOP, VERCEL } from '../semconv.js';
import { text } from './read-attributes.js';
import type { SpanInput } from './span-input.js';

export const SESSION_KEYS = [
  GENAI.conversationId,
  IDENTITY.sessionId,
  LANGFUSE.sessionId,
  LANGFUSE.traceMetadataSessionId,
  TRACELOOP.associationPrefix + 'session_id',
  VERCEL.metadataSessionId,
  VERCEL.runtimeContextSessionId,
  VERCEL.contextSessionId,
];

export const USER_KEYS = [
  IDENTITY.userId,
  IDENTITY.enduserId,
  LANGFUSE.userId,
  LANGFUSE.traceMetadataUserId,
  TRACELOOP.associationPrefix + 'user_id',
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
