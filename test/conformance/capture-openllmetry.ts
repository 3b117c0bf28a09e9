/**
 * OpenLLMetry (Traceloop): @traceloop/instrumentation-openai patched onto the ESM `OpenAI` class by
 * hand (manuallyInstrument takes the class).
 *
 * Session and user are Traceloop association properties. Those, and the workflow/tool entity
 * spans, come from @traceloop/node-server-sdk, which cannot be used here: 0.27.0 pulls ~210 MB
 * (sdk-node, every Traceloop instrumentation, the Google Cloud trace exporter) and, through that
 * exporter, gaxios / gcp-metadata versions whose engines say Node >= 22. So this file carries a
 * line-for-line copy of the three SDK pieces the scenario needs, from node-server-sdk 0.27.0
 * dist/index.mjs:
 *  - withAssociationProperties: puts the properties on the context;
 *  - the span processor's onSpanStart: copies them onto every span as
 *    traceloop.association.properties.<key>, and traceloop.workflow.name / traceloop.entity.path;
 *  - withEntity (withWorkflow / withTool): a `{name}.{kind}` span with traceloop.span.kind,
 *    traceloop.entity.name, traceloop.entity.path, traceloop.entity.input/output. Like the SDK, it
 *    ends the span only when the function resolves: a turn that throws leaves its workflow span
 *    unended, so it is never exported.
 */
import { context, createContextKey, type Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import OpenAI from 'openai';
import { OpenAIInstrumentation } from '@traceloop/instrumentation-openai';
import { runAsMain, startTracing, type CaptureFn } from './harness.js';
import { AGENT_NAME, SESSION_ID, USER_ID, runOpenAIScenario } from './scenario.js';

export const FAMILY = 'openllmetry';

const ASSOCIATION_PROPERTIES_KEY = createContextKey('association_properties');
const WORKFLOW_NAME_KEY = createContextKey('workflow_name');
const ENTITY_NAME_KEY = createContextKey('entity_name');

/** node-server-sdk's span processor onSpanStart (the parts about workflow, entity and association properties). */
class AssociationPropertiesProcessor implements SpanProcessor {
  onStart(span: Span, parent: Context): void {
    const workflowName = parent.getValue(WORKFLOW_NAME_KEY);
    if (workflowName) span.setAttribute('traceloop.workflow.name', workflowName as string);
    const entityName = parent.getValue(ENTITY_NAME_KEY);
    if (entityName) span.setAttribute('traceloop.entity.path', entityName as string);
    const props = parent.getValue(ASSOCIATION_PROPERTIES_KEY) as Record<string, string> | undefined;
    for (const [key, value] of Object.entries(props ?? {})) span.setAttribute(`traceloop.association.properties.${key}`, value);
  }
  onEnd(_span: ReadableSpan): void {}
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

export const capture: CaptureFn = async (baseURL) => {
  const tracing = startTracing(FAMILY, { before: [new AssociationPropertiesProcessor()] });
  const instrumentation = new OpenAIInstrumentation({ traceContent: true });
  instrumentation.setTracerProvider(tracing.provider);
  instrumentation.manuallyInstrument(OpenAI as unknown as Parameters<typeof instrumentation.manuallyInstrument>[0]);
  const tracer = tracing.provider.getTracer('@traceloop/node-server-sdk');

  // withEntity from node-server-sdk 0.27.0, for the workflow and tool kinds
  function withEntity<T>(kind: 'workflow' | 'tool', name: string, input: unknown[], fn: () => Promise<T>): Promise<T> {
    let ctx = context.active();
    if (kind === 'workflow') ctx = ctx.setValue(WORKFLOW_NAME_KEY, name);
    const entityPath = (ctx.getValue(ENTITY_NAME_KEY) as string | undefined) ?? '';
    if (kind === 'tool') ctx = ctx.setValue(ENTITY_NAME_KEY, entityPath ? `${entityPath}.${name}` : name);
    return context.with(ctx, () =>
      tracer.startActiveSpan(`${name}.${kind}`, {}, ctx, async (span) => {
        if (kind === 'workflow') span.setAttribute('traceloop.workflow.name', name);
        span.setAttribute('traceloop.entity.name', name);
        span.setAttribute('traceloop.entity.path', entityPath);
        span.setAttribute('traceloop.span.kind', kind);
        span.setAttribute('traceloop.entity.input', JSON.stringify({ args: input, kwargs: {} }));
        return fn().then((res) => {
          span.setAttribute('traceloop.entity.output', JSON.stringify(res ?? null));
          span.end();
          return res;
        }); // as in the SDK: no rejection handler, so a failed entity's span is never ended
      }),
    );
  }

  const client = new OpenAI({ baseURL, apiKey: 'sk-mock', maxRetries: 0 });
  try {
    await runOpenAIScenario(client, {
      // Traceloop.withAssociationProperties({ session_id, user_id }, () => withWorkflow({ name }, fn))
      turn: (name, fn) =>
        context.with(context.active().setValue(ASSOCIATION_PROPERTIES_KEY, { session_id: SESSION_ID, user_id: USER_ID }), () =>
          withEntity('workflow', `${AGENT_NAME}.${name}`, [], fn),
        ),
      tool: (name, _callId, args, fn) => withEntity('tool', name, [args], async () => fn()),
    });
  } finally {
    instrumentation.disable();
  }
  return tracing.finish();
};

runAsMain(import.meta.url, FAMILY, capture);
