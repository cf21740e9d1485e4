import * as z from 'zod';

/**
 * The request bodies of the workflow endpoints (coze-openapi.yaml OpenAPIRunFlow, OpenAPIStreamRunFlow,
 * OpenAPIStreamResumeFlow). Unknown members are ignored, as Coze does (the SDKs send more than they need to, e.g.
 * coze-js' `execute_mode`); each schema is built on first use.
 */

const id = () => z.string().min(1, 'required').max(64);

/** `POST /v1/workflow/run` and `/v1/workflow/stream_run` (the stream ignores `is_async`). */
export const runBody = z.lazy(() =>
  z
    .object({
      workflow_id: id(),
      /** An object; the docs also call it a JSON-serialised string, so a string holding an object is taken too. */
      parameters: z.union([z.record(z.string(), z.unknown()), z.string().max(1_000_000)]).optional(),
      bot_id: z.string().max(64).optional(),
      app_id: z.string().max(64).optional(),
      connector_id: z.string().max(64).optional(),
      workflow_version: z.string().max(64).optional(),
      /** `Map[String][String]` in the docs; coze-py types it `Dict[str, Any]`, so any values are taken. */
      ext: z.record(z.string(), z.unknown()).optional(),
      is_async: z.boolean().optional(),
    })
    // OpenAPIStreamRunFlow: "do not give both bot_id and app_id, or the API answers 4000".
    .refine((body) => !(body.bot_id && body.app_id), { message: 'give bot_id or app_id, not both', path: ['app_id'] }),
);

/** `POST /v1/workflow/stream_resume`: every member is required. */
export const resumeBody = z.lazy(() =>
  z.object({
    workflow_id: id(),
    event_id: z.string().min(1, 'required').max(128),
    interrupt_type: z.number().int(),
    resume_data: z.string().max(1_000_000),
  }),
);

export type RunBody = z.output<typeof runBody>;
export type ResumeBody = z.output<typeof resumeBody>;
