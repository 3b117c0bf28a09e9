import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as incubating from '@opentelemetry/semantic-conventions/incubating';
import { GENAI, IDENTITY } from '../../../src/semconv.js';

// The copied incubating names must not drift from the published ones (semantic-conventions 1.45).
const PUBLISHED: [string, string][] = [
  [GENAI.operationName, incubating.ATTR_GEN_AI_OPERATION_NAME],
  [GENAI.providerName, incubating.ATTR_GEN_AI_PROVIDER_NAME],
  [GENAI.system, incubating.ATTR_GEN_AI_SYSTEM],
  [GENAI.conversationId, incubating.ATTR_GEN_AI_CONVERSATION_ID],
  [GENAI.agentName, incubating.ATTR_GEN_AI_AGENT_NAME],
  [GENAI.requestModel, incubating.ATTR_GEN_AI_REQUEST_MODEL],
  [GENAI.responseModel, incubating.ATTR_GEN_AI_RESPONSE_MODEL],
  [GENAI.temperature, incubating.ATTR_GEN_AI_REQUEST_TEMPERATURE],
  [GENAI.finishReasons, incubating.ATTR_GEN_AI_RESPONSE_FINISH_REASONS],
  [GENAI.inputTokens, incubating.ATTR_GEN_AI_USAGE_INPUT_TOKENS],
  [GENAI.outputTokens, incubating.ATTR_GEN_AI_USAGE_OUTPUT_TOKENS],
  [GENAI.promptTokens, incubating.ATTR_GEN_AI_USAGE_PROMPT_TOKENS],
  [GENAI.completionTokens, incubating.ATTR_GEN_AI_USAGE_COMPLETION_TOKENS],
  [GENAI.cacheReadTokens, incubating.ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS],
  [GENAI.cacheCreationTokens, incubating.ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS],
  [GENAI.reasoningTokens, incubating.ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS],
  [GENAI.inputMessages, incubating.ATTR_GEN_AI_INPUT_MESSAGES],
  [GENAI.outputMessages, incubating.ATTR_GEN_AI_OUTPUT_MESSAGES],
  [GENAI.systemInstructions, incubating.ATTR_GEN_AI_SYSTEM_INSTRUCTIONS],
  [GENAI.prompt, incubating.ATTR_GEN_AI_PROMPT],
  [GENAI.completion, incubating.ATTR_GEN_AI_COMPLETION],
  [GENAI.toolName, incubating.ATTR_GEN_AI_TOOL_NAME],
  [GENAI.toolCallId, incubating.ATTR_GEN_AI_TOOL_CALL_ID],
  [GENAI.retrievalDocuments, incubating.ATTR_GEN_AI_RETRIEVAL_DOCUMENTS],
  [GENAI.evaluationEvent, incubating.EVENT_GEN_AI_EVALUATION_RESULT],
  [GENAI.evaluationName, incubating.ATTR_GEN_AI_EVALUATION_NAME],
  [GENAI.evaluationScore, incubating.ATTR_GEN_AI_EVALUATION_SCORE_VALUE],
  [GENAI.evaluationLabel, incubating.ATTR_GEN_AI_EVALUATION_SCORE_LABEL],
  [GENAI.evaluationExplanation, incubating.ATTR_GEN_AI_EVALUATION_EXPLANATION],
  [IDENTITY.sessionId, incubating.ATTR_SESSION_ID],
  [IDENTITY.userId, incubating.ATTR_USER_ID],
  [IDENTITY.enduserId, incubating.ATTR_ENDUSER_ID],
  [IDENTITY.enduserPseudoId, incubating.ATTR_ENDUSER_PSEUDO_ID],
];

describe('semconv', () => {
  it('copied GenAI and identity names equal the published incubating constants', () => {
    for (const [ours, published] of PUBLISHED) assert.equal(ours, published);
  });
});
