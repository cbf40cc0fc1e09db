import {
  diskUsageResponse,
  hostQuery,
  imageCheckResponse,
  pruneBody,
  prunePreviewResponse,
  pruneResponse,
  pullDeployBody,
} from '@/lib/images/schemas';
import { jobResponse } from '@/lib/jobs/schemas';
import { serviceIdParams } from '@/lib/services/schemas';
import { defineOperation, UNKNOWN_SERVICE_ID } from '../operation';

const named = { names: 'service', field: 'id' } as const;
const unknownService = { id: UNKNOWN_SERVICE_ID };
const unknownHost = { host: 'opsdeck-no-such-host' };
const hostWide =
  'Host-wide: a service-limited token is refused (403). `?host=` names the engine (default the first).';

export const imageOps = {
  servicesImageCheck: defineOperation({
    method: 'POST',
    path: '/api/v1/services/{id}/image-check',
    name: 'services.image-check',
    permission: 'operate',
    tag: 'images',
    summary: 'Check now whether the registry holds a newer image for the tag the service runs',
    description:
      'Compares the registry’s manifest digest for the tag (registry API v2, HEAD with the docker v2 and OCI index media types) with the running image’s RepoDigests. Paced per registry (OPSDECK_REGISTRY_CHECKS_PER_MINUTE): a request may wait for its turn. A failed check answers 200 with `updateAvailable: null` and the reason in `error`.',
    params: serviceIdParams,
    response: imageCheckResponse,
    audit: 'service.image-check',
    resolve: named,
    example: { params: unknownService, expect: 404 },
  }),
  servicesPullDeploy: defineOperation({
    method: 'POST',
    path: '/api/v1/services/{id}/pull-deploy',
    name: 'services.pull-deploy',
    permission: 'operate',
    tag: 'images',
    summary:
      'Pull the newest image of the service’s tag, then deploy it behind the health gate with automatic rollback',
    description:
      'A `deploy` job (202): the pull’s progress, then each replica replaced and gated as in `POST …/deploy`. Compose services whose image is a tag; 400 otherwise; 409 while another job runs on the service.',
    params: serviceIdParams,
    body: pullDeployBody,
    response: jobResponse,
    status: 202,
    audit: 'service.pull-deploy',
    resolve: named,
    example: { params: unknownService, body: {}, expect: 404 },
  }),
  systemDf: defineOperation({
    method: 'GET',
    path: '/api/v1/system/df',
    name: 'system.df',
    permission: 'read',
    tag: 'images',
    summary: 'Disk usage of one engine: images, containers, volumes, build cache (size and reclaimable)',
    description: hostWide,
    query: hostQuery,
    response: diskUsageResponse,
    example: { query: unknownHost, expect: 404 },
  }),
  systemPrunePreview: defineOperation({
    method: 'GET',
    path: '/api/v1/system/prune',
    name: 'system.prune-preview',
    permission: 'admin',
    tag: 'images',
    summary: 'Dry run of a prune: the unused images, networks and volumes, with their sizes',
    description: `Nothing in use (by any container, running or stopped), built in, swarm-scoped or Opsdeck’s own (labels \`opsdeck.role\`, \`opsdeck.helper\`, \`opsdeck.throwaway\`, \`opsdeck.image.hash\`) is listed. Named volumes are listed with \`named: true\`. ${hostWide}`,
    query: hostQuery,
    response: prunePreviewResponse,
    example: { query: unknownHost, expect: 404 },
  }),
  systemPrune: defineOperation({
    method: 'POST',
    path: '/api/v1/system/prune',
    name: 'system.prune',
    permission: 'admin',
    tag: 'images',
    summary: 'Remove the chosen unused images, networks and volumes (each must still be in the dry run)',
    description: `Each id or name is checked against a fresh dry run and skipped when it is not unused any more; nothing is forced. ${hostWide}`,
    query: hostQuery,
    body: pruneBody,
    response: pruneResponse,
    audit: 'system.prune',
    example: { query: unknownHost, body: {}, expect: 404 },
  }),
};
