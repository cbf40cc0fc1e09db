import { stackBody, stackParams, stackPreviewResponse, stackQuery } from '@/lib/actions/schemas';
import { jobResponse } from '@/lib/jobs/schemas';
import { defineOperation } from '../operation';

const unknownStack = { params: { stack: 'opsdeck-no-such-stack' }, body: {}, expect: 404 };
const stackDescription =
  'A compose stack on one engine (`?host=`, default the first), in dependency order (compose v2 `depends_on`, else the `opsdeck.depends_on` label, else the order compose created the services in). Answers 202 with the job; 409 while any service of the stack has a job (and per-service actions answer 409 while it runs); 403 when the stack holds Opsdeck, and for service-limited tokens (a stack action touches every service of it); 400 for a swarm stack.';

const stackWrite = (action: 'stop' | 'start' | 'restart', summary: string) =>
  defineOperation({
    method: 'POST',
    path: `/api/v1/stacks/{stack}/${action}`,
    name: `stacks.${action}`,
    permission: 'operate',
    tag: 'actions',
    summary,
    description: stackDescription,
    params: stackParams,
    query: stackQuery,
    body: stackBody,
    response: jobResponse,
    status: 202,
    audit: `stack.${action}`,
    example: unknownStack,
  });

export const stackOps = {
  stacksGet: defineOperation({
    method: 'GET',
    path: '/api/v1/stacks/{stack}',
    name: 'stacks.get',
    permission: 'read',
    tag: 'actions',
    summary:
      'A compose stack’s services in start order, and what a stop/start would do (for the confirmation)',
    params: stackParams,
    query: stackQuery,
    response: stackPreviewResponse,
    example: { params: { stack: 'opsdeck-no-such-stack' }, expect: 404 },
  }),
  stacksStop: stackWrite('stop', 'Stop every service of a compose stack, dependents first'),
  stacksStart: stackWrite('start', 'Start a compose stack, each service healthy before its dependents start'),
  stacksRestart: stackWrite(
    'restart',
    'Stop a compose stack, dependents first, then start it in dependency order',
  ),
};
