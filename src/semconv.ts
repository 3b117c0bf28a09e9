/**
 * Every attribute key spanlens reads, in one place (STYLE rule 4). Stable names come from
 * @opentelemetry/semantic-conventions; incubating GenAI names and vendor names are copied here, with
 * the source each group was checked against (see ../shared/CONVENTIONS.md §0, §3, §4).
 */
import { ATTR_ERROR_TYPE, ATTR_EXCEPTION_TYPE, ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

export { ATTR_ERROR_TYPE, ATTR_EXCEPTION_TYPE, ATTR_SERVICE_NAME };

/** OpenTelemetry GenAI semantic conventions, 1.26 → semantic-conventions-genai (incubating). */
export const GENAI = {
  operationName: 'gen_ai.operation.name',
  providerName: 'gen_ai.provider.name', // 1.37+
  system: 'gen_ai.system', // 1.26–1.36, deprecated
  conversationId: 'gen_ai.conversation.id', // 1.34+
  requestModel: 'gen_ai.request.model',
  responseModel: 'gen_ai.response.model',
  temperature: 'gen_ai.request.temperature',
  finishReasons: 'gen_ai.response.finish_reasons',
  inputTokens: 'gen_ai.usage.input_tokens',
  outputTokens: 'gen_ai.usage.output_tokens',
  promptTokens: 'gen_ai.usage.prompt_tokens', // 1.26, deprecated
  completionTokens: 'gen_ai.usage.completion_tokens', // 1.26, deprecated
  cacheReadTokens: 'gen_ai.usage.cache_read.input_tokens', // 1.40+
  cacheCreationTokens: 'gen_ai.usage.cache_creation.input_tokens', // 1.40+
  cacheWriteTokens: 'gen_ai.usage.cache_write.input_tokens', // genai repo rename
  reasoningTokens: 'gen_ai.usage.reasoning.output_tokens', // 1.41+
  totalTokens: 'gen_ai.usage.total_tokens', // OpenLLMetry
  inputMessages: 'gen_ai.input.messages', // 1.37+
  outputMessages: 'gen_ai.output.messages',
  systemInstructions: 'gen_ai.system_instructions',
  prompt: 'gen_ai.prompt', // 1.26–1.27 (on event gen_ai.content.prompt); OpenLLMetry prefix gen_ai.prompt.N.*
  completion: 'gen_ai.completion',
  contentPromptEvent: 'gen_ai.content.prompt',
  contentCompletionEvent: 'gen_ai.content.completion',
  toolName: 'gen_ai.tool.name',
  toolCallId: 'gen_ai.tool.call.id',
  agentName: 'gen_ai.agent.name',
  retrievalDocuments: 'gen_ai.retrieval.documents', // 1.40+
  evaluationEvent: 'gen_ai.evaluation.result', // 1.38+
  evaluationName: 'gen_ai.evaluation.name',
  evaluationScore: 'gen_ai.evaluation.score.value',
  evaluationLabel: 'gen_ai.evaluation.score.label',
  evaluationExplanation: 'gen_ai.evaluation.explanation',
} as const;

/** General OpenTelemetry identity attributes (model/session, model/user, model/enduser). */
export const IDENTITY = {
  sessionId: 'session.id',
  userId: 'user.id',
  enduserId: 'enduser.id',
  enduserPseudoId: 'enduser.pseudo.id',
} as const;

/** OpenInference (Arize-ai/openinference spec/semantic_conventions.md). */
export const OPENINFERENCE = {
  spanKind: 'openinference.span.kind',
  modelName: 'llm.model_name', // the model the API reported
  requestModelName: 'llm.request.model_name',
  responseModelName: 'llm.response.model_name',
  provider: 'llm.provider',
  system: 'llm.system',
  invocationParameters: 'llm.invocation_parameters',
  promptTokens: 'llm.token_count.prompt',
  completionTokens: 'llm.token_count.completion',
  totalTokens: 'llm.token_count.total',
  cacheReadTokens: 'llm.token_count.prompt_details.cache_read',
  cacheWriteTokens: 'llm.token_count.prompt_details.cache_write',
  reasoningTokens: 'llm.token_count.completion_details.reasoning',
  costTotal: 'llm.cost.total',
  inputMessagesPrefix: 'llm.input_messages.',
  outputMessagesPrefix: 'llm.output_messages.',
  inputValue: 'input.value',
  outputValue: 'output.value',
  toolName: 'tool.name',
  toolId: 'tool.id',
  agentName: 'agent.name',
  retrievalPrefix: 'retrieval.documents.',
  evaluationsPrefix: 'evaluations.',
  annotationsPrefix: 'annotations.',
  finishReason: 'llm.finish_reason',
} as const;

/** OpenLLMetry / Traceloop (traceloop/openllmetry semconv_ai and traceloop-sdk). */
export const TRACELOOP = {
  spanKind: 'traceloop.span.kind',
  requestType: 'llm.request.type',
  entityName: 'traceloop.entity.name',
  entityInput: 'traceloop.entity.input',
  entityOutput: 'traceloop.entity.output',
  workflowName: 'traceloop.workflow.name',
  associationPrefix: 'traceloop.association.properties.',
  cacheReadTokensOld: 'gen_ai.usage.cache_read_input_tokens',
  cacheCreationTokensOld: 'gen_ai.usage.cache_creation_input_tokens',
  reasoningTokensOld: 'llm.usage.reasoning_tokens',
  reasoningTokens: 'gen_ai.usage.reasoning_tokens',
  totalTokensOld: 'llm.usage.total_tokens',
  dbQueryResultEvent: 'db.query.result',
  vectorTopK: 'db.vector.query.top_k',
} as const;

/** Langfuse SDK attributes (langfuse/langfuse-python langfuse/_client/attributes.py). */
export const LANGFUSE = {
  observationType: 'langfuse.observation.type',
  modelName: 'langfuse.observation.model.name',
  usageDetails: 'langfuse.observation.usage_details',
  costDetails: 'langfuse.observation.cost_details',
  input: 'langfuse.observation.input',
  output: 'langfuse.observation.output',
  level: 'langfuse.observation.level',
  statusMessage: 'langfuse.observation.status_message',
  sessionId: 'langfuse.session.id',
  userId: 'langfuse.user.id',
  traceMetadataSessionId: 'langfuse.trace.metadata.langfuse_session_id',
  traceMetadataUserId: 'langfuse.trace.metadata.langfuse_user_id',
  traceName: 'langfuse.trace.name',
} as const;

/** Vercel AI SDK telemetry (vercel/ai content/docs/03-ai-sdk-core/60-telemetry.mdx, v4–v7). */
export const VERCEL = {
  operationId: 'ai.operationId',
  modelId: 'ai.model.id',
  modelProvider: 'ai.model.provider',
  responseModel: 'ai.response.model',
  promptTokens: 'ai.usage.promptTokens',
  completionTokens: 'ai.usage.completionTokens',
  inputTokens: 'ai.usage.inputTokens',
  outputTokens: 'ai.usage.outputTokens',
  totalTokens: 'ai.usage.totalTokens',
  cachedInputTokens: 'ai.usage.cachedInputTokens',
  reasoningTokens: 'ai.usage.reasoningTokens',
  noCacheTokens: 'ai.usage.inputTokenDetails.noCacheTokens',
  cacheReadTokens: 'ai.usage.inputTokenDetails.cacheReadTokens',
  cacheWriteTokens: 'ai.usage.inputTokenDetails.cacheWriteTokens',
  prompt: 'ai.prompt',
  promptMessages: 'ai.prompt.messages',
  responseText: 'ai.response.text',
  finishReason: 'ai.response.finishReason',
  temperature: 'ai.settings.temperature',
  toolCallName: 'ai.toolCall.name',
  toolCallId: 'ai.toolCall.id',
  functionId: 'ai.telemetry.functionId',
  metadataSessionId: 'ai.telemetry.metadata.sessionId',
  metadataUserId: 'ai.telemetry.metadata.userId',
  runtimeContextSessionId: 'ai.settings.runtimeContext.sessionId',
  runtimeContextUserId: 'ai.settings.runtimeContext.userId',
  contextSessionId: 'ai.settings.context.sessionId',
  contextUserId: 'ai.settings.context.userId',
} as const;

/** Exception span events (general semconv). */
export const EXCEPTION_EVENT = 'exception';
