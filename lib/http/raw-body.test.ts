import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { nodeRequest } from './node-request';
import { bytesResponse, jsonResponse, rawBodyOf } from './raw-body';

const viaFrontDoor = () =>
  nodeRequest({
    method: 'GET',
    url: '/api/v1/services',
    headers: {},
    rawHeaders: [],
  } as unknown as IncomingMessage);

describe('answers remembered as bytes', () => {
  it('a web Request (Next) gets a Response with its body, and the same bytes remembered', async () => {
    const bytes = new TextEncoder().encode('{"a":1}');
    const request = new Request('http://localhost/api/v1/services');
    const response = bytesResponse(bytes, { headers: { 'content-type': 'application/json' } }, request);
    expect(rawBodyOf(response)).toBe(bytes);
    expect(await response.text()).toBe('{"a":1}');
    const json = jsonResponse({ b: 2 }, { status: 201 }, request);
    expect(json.status).toBe(201);
    expect(json.headers.get('content-type')).toBe('application/json');
    expect(await json.text()).toBe('{"b":2}');
    expect(rawBodyOf(json)).toBe('{"b":2}');
  });

  it('the front door’s view gets a bodiless Response: the bytes are only remembered (it writes them)', () => {
    const bytes = new TextEncoder().encode('{"a":1}');
    const response = bytesResponse(bytes, { headers: { etag: '"x"' } }, viaFrontDoor());
    expect(response.body).toBeNull();
    expect(response.headers.get('etag')).toBe('"x"');
    expect(rawBodyOf(response)).toBe(bytes);
    const json = jsonResponse({ b: 2 }, { status: 200 }, viaFrontDoor());
    expect(json.body).toBeNull();
    expect(json.headers.get('content-type')).toBe('application/json');
    expect(rawBodyOf(json)).toBe('{"b":2}');
  });

  it('without a request (an error envelope), the Response keeps its body', async () => {
    const response = bytesResponse(new TextEncoder().encode('{}'), { status: 404 });
    expect(await response.text()).toBe('{}');
  });
});
