/**
 * Every attribute key spanlens reads, in one place (STYLE rule 4). Nothing outside src/normalize/
 * mentions an attribute key. Stable names are re-exported from @opentelemetry/semantic-conventions;
 * incubating GenAI names and vendor names are string constants here (the semconv README advises
 * copying incubating names rather than importing them), each group citing where it was checked.
 * test/unit/normalize/semconv.test.ts checks the copied GenAI names against the `/incubating` entry.
 * Field names inside JSON attribute values (e.g. `model` in `llm.invocation_parameters`, the keys
 * of Langfuse `usage_details`) are not attribute keys and live with the module that parses them.
 * Reference: ../shared/CONVENTIONS.md §0 (mapping table), §3 (GenAI versions), §4 (vendors).
 */
import {
  ATTR_ERROR_TYPE,
  ATTR_EXCEPTION_MESSAGE,
  ATTR_EXCEPTION_TYPE,
  ATTR_SERVICE_NAME,
  EVENT_EXCEPTION,
} from '@opentelemetry/semantic-conventions';

export { ATTR_ERROR_TYPE, ATTR_EXCEPTION_MESSAGE, ATTR_EXCEPTION_TYPE, ATTR_SERVICE_NAME, EVENT_EXCEPTION };

/** The span event recording an exception (stable `exception`). */
export const EXCEPTION_EVENT = EVENT_EXCEPTION;

/**
 * OpenTelemetry GenAI semantic conventions, 1.26 → semantic-conventions-genai (development).
 * open-telemetry/semantic-conventions model/gen-ai/registry.yaml, deprecated/registry-deprecated.yaml
 * (tags v1.26.0 … v1.41.0); open-telemetry/semantic-conventions-genai registry.yaml + changelog.d.
 */
export const GENAI = {
  prefix: 'gen_ai.',
  operationName: 'gen_ai.operation.name', // 1.27+
  providerName: 'gen_ai.provider.name', // 1.37+
  system: 'gen_ai.system', // 1.26–1.36, deprecated for provider.name
  conversationId: 'gen_ai.conversation.id', // 1.34+
  agentName: 'gen_ai.agent.name', // 1.31+
  requestModel: 'gen_ai.request.model',
  responseModel: 'gen_ai.response.model',
  temperature: 'gen_ai.request.temperature',
  finishReasons: 'gen_ai.response.finish_reasons', // string[]
  inputTokens: 'gen_ai.usage.input_tokens', // 1.27+; includes cached input (stated from 1.40)
  outputTokens: 'gen_ai.usage.output_tokens', // 1.27+; includes reasoning (stated from 1.41)
  promptTokens: 'gen_ai.usage.prompt_tokens', // 1.26, deprecated 1.27
  completionTokens: 'gen_ai.usage.completion_tokens', // 1.26, deprecated 1.27
  cacheReadTokens: 'gen_ai.usage.cache_read.input_tokens', // 1.40+
  cacheCreationTokens: 'gen_ai.usage.cache_creation.input_tokens', // 1.40+
  cacheWriteTokens: 'gen_ai.usage.cache_write.input_tokens', // genai repo rename of cache_creation (changelog.d/440)
  reasoningTokens: 'gen_ai.usage.reasoning.output_tokens', // 1.41+
  inputMessages: 'gen_ai.input.messages', // 1.37+, JSON string on spans or structured
  outputMessages: 'gen_ai.output.messages', // 1.37+
  systemInstructions: 'gen_ai.system_instructions', // 1.37+
  prompt: 'gen_ai.prompt', // 1.26–1.27, attribute of span event gen_ai.content.prompt
  completion: 'gen_ai.completion', // 1.26–1.27, attribute of span event gen_ai.content.completion
  contentPromptEvent: 'gen_ai.content.prompt', // 1.26–1.27 span event (no constant in the package)
  contentCompletionEvent: 'gen_ai.content.completion',
  toolName: 'gen_ai.tool.name', // 1.31+
  toolCallId: 'gen_ai.tool.call.id', // 1.31+
  retrievalDocuments: 'gen_ai.retrieval.documents', // 1.40+, JSON [{id, score, content?, metadata?}]
  evaluationEvent: 'gen_ai.evaluation.result', // 1.38+ event
  evaluationName: 'gen_ai.evaluation.name',
  evaluationScore: 'gen_ai.evaluation.score.value',
  evaluationLabel: 'gen_ai.evaluation.score.label',
  evaluationExplanation: 'gen_ai.evaluation.explanation',
} as const;

/** General identity attributes: open-telemetry/semantic-conventions model/session, model/user, model/enduser. */
export const IDENTITY = {
  sessionId: 'session.id',
  userId: 'user.id', // 1.27+
  enduserId: 'enduser.id', // deprecated 1.27–1.30, restored 1.31
  enduserPseudoId: 'enduser.pseudo.id', // 1.31+
} as const;

/**
 * OpenInference (Arize Phoenix): Arize-ai/openinference spec/semantic_conventions.md, spec/llm_spans.md,
 * spec/annotations.md; python/openinference-semantic-conventions. Indexed keys are prefixes: the
 * flattened form is `<prefix><N>.<field>`, e.g. `llm.input_messages.3.message.content`.
 */
export const OPENINFERENCE = {
  spanKind: 'openinference.span.kind', // LLM, EMBEDDING, CHAIN, RETRIEVER, RERANKER, TOOL, AGENT, …
  modelName: 'llm.model_name', // the model the API reported (response side)
  requestModelName: 'llm.request.model_name', // added 2026-08, only when it differs
  responseModelName: 'llm.response.model_name',
  embeddingModelName: 'embedding.model_name',
  provider: 'llm.provider', // hosting provider: openai, azure, aws, google, …
  system: 'llm.system', // model vendor: openai, anthropic, cohere, mistralai, vertexai
  invocationParameters: 'llm.invocation_parameters', // JSON string, e.g. {"model": …, "temperature": …}
  tokenCountPrefix: 'llm.token_count.',
  promptTokens: 'llm.token_count.prompt', // includes cache reads and writes
  completionTokens: 'llm.token_count.completion',
  totalTokens: 'llm.token_count.total',
  cacheReadTokens: 'llm.token_count.prompt_details.cache_read',
  cacheWriteTokens: 'llm.token_count.prompt_details.cache_write',
  reasoningTokens: 'llm.token_count.completion_details.reasoning',
  costTotal: 'llm.cost.total', // USD
  costPrompt: 'llm.cost.prompt',
  costCompletion: 'llm.cost.completion',
  inputMessagesPrefix: 'llm.input_messages.',
  outputMessagesPrefix: 'llm.output_messages.',
  promptsPrefix: 'llm.prompts.', // completions API: llm.prompts.N.prompt.text
  choicesPrefix: 'llm.choices.', // completions API: llm.choices.N.completion.text
  messageRole: 'message.role',
  messageContent: 'message.content',
  messageContentsPrefix: 'message.contents.', // message.contents.M.message_content.text
  messageContentText: 'message_content.text',
  messageToolCallsPrefix: 'message.tool_calls.', // message.tool_calls.M.tool_call.function.name
  toolCallFunctionName: 'tool_call.function.name',
  promptText: 'prompt.text',
  choiceText: 'completion.text',
  inputValue: 'input.value',
  outputValue: 'output.value',
  finishReason: 'llm.finish_reason',
  toolName: 'tool.name',
  toolId: 'tool.id', // the tool call id
  agentName: 'agent.name',
  retrievalPrefix: 'retrieval.documents.', // retrieval.documents.N.document.{id,score,content,metadata}
  rerankerOutputPrefix: 'reranker.output_documents.', // a RERANKER span's result, same document fields
  documentId: 'document.id',
  documentScore: 'document.score',
  documentContent: 'document.content',
  documentMetadata: 'document.metadata',
  evaluationsPrefix: 'evaluations.', // evaluations.N.evaluation.{name,score,label,explanation}
  evaluationEntry: 'evaluation.',
  annotationsPrefix: 'annotations.', // annotations.N.annotation.{…}, equivalent form
  annotationEntry: 'annotation.',
  feedbackName: 'name',
  feedbackScore: 'score',
  feedbackLabel: 'label',
  feedbackExplanation: 'explanation',
  scopePrefixes: ['openinference.instrumentation', '@arizeai/openinference'], // Python / JS instrumentation scope names
} as const;

/**
 * OpenLLMetry / Traceloop: traceloop/openllmetry packages/opentelemetry-semantic-conventions-ai
 * (opentelemetry/semconv_ai/__init__.py: SpanAttributes, Events, EventAttributes) and traceloop-sdk
 * (decorators/base.py, associations). Usage names by generation (checked at tags v0.30.0, v0.48.0,
 * v0.55.0): ≤v0.47 gen_ai.usage.prompt/completion_tokens + llm.usage.total_tokens + underscore
 * cache keys; v0.48–v0.54 gen_ai.usage.input/output_tokens + llm.usage.reasoning_tokens;
 * v0.55+ gen_ai.input/output.messages, gen_ai.usage.total_tokens, dotted cache keys.
 */
export const TRACELOOP = {
  spanKind: 'traceloop.span.kind', // workflow, task, agent, tool, unknown
  requestType: 'llm.request.type', // completion, chat, rerank, embedding, unknown
  entityPrefix: 'traceloop.entity.',
  entityName: 'traceloop.entity.name',
  entityInput: 'traceloop.entity.input', // JSON {"args": […], "kwargs": {…}}
  entityOutput: 'traceloop.entity.output',
  workflowName: 'traceloop.workflow.name',
  associationPrefix: 'traceloop.association.properties.',
  sessionId: 'traceloop.association.properties.session_id',
  userId: 'traceloop.association.properties.user_id',
  customerId: 'traceloop.association.properties.customer_id', // the Associations helper's CUSTOMER_ID
  promptPrefix: 'gen_ai.prompt.', // ≤v0.54: gen_ai.prompt.N.{role,content}
  completionPrefix: 'gen_ai.completion.', // ≤v0.54: gen_ai.completion.N.{role,content,finish_reason}
  messageRole: 'role', // fields of one flattened message
  messageContent: 'content',
  messageFinishReason: 'finish_reason',
  messageToolCallsPrefix: 'tool_calls.', // gen_ai.completion.N.tool_calls.M.{id,name,arguments}
  toolCallName: 'name',
  usagePrefixOld: 'llm.usage.',
  totalTokensOld: 'llm.usage.total_tokens', // ≤v0.54
  totalTokens: 'gen_ai.usage.total_tokens', // v0.55+
  cacheReadTokensOld: 'gen_ai.usage.cache_read_input_tokens', // ≤v0.54
  cacheCreationTokensOld: 'gen_ai.usage.cache_creation_input_tokens', // ≤v0.54
  reasoningTokensOld: 'llm.usage.reasoning_tokens', // ~v0.50
  reasoningTokens: 'gen_ai.usage.reasoning_tokens', // v0.55+
  finishReason: 'gen_ai.response.finish_reason',
  finishReasonOld: 'llm.response.finish_reason',
  dbQueryResultEvent: 'db.query.result', // span event per retrieved document
  dbQueryResultId: 'db.query.result.id',
  dbQueryResultScore: 'db.query.result.score',
  dbQueryResultDocument: 'db.query.result.document',
  dbQueryResultMetadata: 'db.query.result.metadata',
  dbSearchResultEvent: 'db.search.result', // Milvus-style search results
  dbSearchResultId: 'db.search.result.id',
  dbSearchResultScore: 'db.search.result.score',
  dbSearchResultEntity: 'db.search.result.entity',
  vectorTopK: 'db.vector.query.top_k',
  scopePrefixes: ['traceloop', '@traceloop/'], // Python traceloop-sdk / JS @traceloop/* tracer names
} as const;

/**
 * Langfuse SDK attributes: langfuse/langfuse-python langfuse/_client/attributes.py
 * (LangfuseOtelSpanAttributes) and constants.py (tracer "langfuse-sdk"); server mirror in
 * langfuse/langfuse packages/shared/src/server/otel/attributes.ts. `usage_details` keys are free-form
 * (Langfuse counts every key containing "input" as input); its `input` is the NON-cached input.
 */
export const LANGFUSE = {
  observationPrefix: 'langfuse.observation.',
  tracePrefix: 'langfuse.trace.',
  observationType: 'langfuse.observation.type', // span, generation, event, embedding, agent, tool, chain, retriever, guardrail, evaluator
  modelName: 'langfuse.observation.model.name', // the one model field
  modelParameters: 'langfuse.observation.model.parameters', // JSON
  usageDetails: 'langfuse.observation.usage_details', // JSON, e.g. {"input":…, "input_cached_tokens":…, "output":…}
  costDetails: 'langfuse.observation.cost_details', // JSON, USD per usage type, e.g. {"total": 0.0011}
  input: 'langfuse.observation.input',
  output: 'langfuse.observation.output',
  level: 'langfuse.observation.level', // DEBUG, DEFAULT, WARNING, ERROR
  statusMessage: 'langfuse.observation.status_message',
  sessionId: 'langfuse.session.id', // older SDKs, still mapped by the server
  userId: 'langfuse.user.id',
  traceMetadataSessionId: 'langfuse.trace.metadata.langfuse_session_id',
  traceMetadataUserId: 'langfuse.trace.metadata.langfuse_user_id',
  observationMetadataSessionId: 'langfuse.observation.metadata.langfuse_session_id',
  observationMetadataUserId: 'langfuse.observation.metadata.langfuse_user_id',
  traceName: 'langfuse.trace.name',
  scopeNames: ['langfuse-sdk', 'langfuse-rb'], // tracer names of the Python/JS and Ruby SDKs
} as const;

/**
 * Vercel AI SDK telemetry: vercel/ai content/docs/03-ai-sdk-core/60-telemetry.mdx at tags ai@4.0.0,
 * ai@5.0.0, ai@6.0.0; packages/ai/src/telemetry; v7 packages/otel/src (open-telemetry.ts,
 * legacy-open-telemetry.ts, supplemental-attributes.ts, gen-ai-format-messages.ts).
 */
export const VERCEL = {
  operationId: 'ai.operationId', // e.g. ai.generateText, ai.generateText.doGenerate, ai.toolCall
  modelId: 'ai.model.id',
  modelProvider: 'ai.model.provider', // e.g. openai.responses, anthropic.messages, google.vertex.chat
  responseModel: 'ai.response.model',
  promptTokens: 'ai.usage.promptTokens', // v4–v6 generateText
  completionTokens: 'ai.usage.completionTokens',
  inputTokens: 'ai.usage.inputTokens', // v5+ (v5 Anthropic: excludes cache; v6+: total)
  outputTokens: 'ai.usage.outputTokens',
  totalTokens: 'ai.usage.totalTokens',
  embeddingTokens: 'ai.usage.tokens', // embed / embedMany
  cachedInputTokens: 'ai.usage.cachedInputTokens', // v5+, cache reads
  reasoningTokens: 'ai.usage.reasoningTokens', // v5+
  noCacheTokens: 'ai.usage.inputTokenDetails.noCacheTokens', // v7 opt-in
  cacheReadTokens: 'ai.usage.inputTokenDetails.cacheReadTokens', // v7 opt-in
  cacheWriteTokens: 'ai.usage.inputTokenDetails.cacheWriteTokens', // v7 opt-in
  reasoningTokensDetail: 'ai.usage.outputTokenDetails.reasoningTokens', // v7 opt-in
  providerMetadata: 'ai.response.providerMetadata', // JSON; v5 Anthropic: {"anthropic":{"cacheCreationInputTokens":…}}
  prompt: 'ai.prompt', // JSON {system?, prompt?, messages?} on roots
  promptMessages: 'ai.prompt.messages', // JSON messages on call spans
  responseText: 'ai.response.text',
  responseObject: 'ai.response.object',
  finishReason: 'ai.response.finishReason',
  temperature: 'ai.settings.temperature',
  toolCallName: 'ai.toolCall.name',
  toolCallId: 'ai.toolCall.id',
  functionId: 'ai.telemetry.functionId', // becomes gen_ai.agent.name in v7
  metadataSessionId: 'ai.telemetry.metadata.sessionId', // v4–v6, a user convention
  metadataUserId: 'ai.telemetry.metadata.userId',
  runtimeContextSessionId: 'ai.settings.runtimeContext.sessionId', // v7 LegacyOpenTelemetry
  runtimeContextUserId: 'ai.settings.runtimeContext.userId',
  contextSessionId: 'ai.settings.context.sessionId', // v7 OpenTelemetry, opt-in runtimeContext
  contextUserId: 'ai.settings.context.userId',
  markerPrefixes: ['ai.usage.', 'ai.telemetry.', 'ai.model.', 'ai.settings.', 'ai.prompt', 'ai.response.', 'ai.toolCall.'],
  scopeName: 'ai', // v4–v6 tracer name
} as const;

/**
 * Keys that declare a conversation's type (e.g. "support", "coding"), tried in order on the root
 * span, then its resource: the default of `spanlens build --session-type-key`. `session.type` and
 * `app.session.type` are user conventions, not OTel names; gen_ai.agent.name is OTel GenAI 1.31+.
 */
export const DEFAULT_SESSION_TYPE_KEYS: readonly string[] = ['session.type', 'app.session.type', GENAI.agentName];

/**
 * Attributes holding a "1 in N kept" sample rate (CONVENTIONS §5: Honeycomb-style SampleRate and
 * common spellings), tried in order on the span, then its resource: the default of
 * `spanlens build --sample-rate-keys`.
 */
export const DEFAULT_SAMPLE_RATE_KEYS: readonly string[] = ['SampleRate', 'sample_rate', 'sampling.rate'];
