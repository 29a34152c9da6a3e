import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * SCIM clients send `application/scim+json`, which Fastify does not parse by default. (HTML form
 * posts, the SAML HTTP-POST binding, are parsed by Nest's Fastify adapter itself.)
 */
export function registerSsoBodyParsers(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addContentTypeParser('application/scim+json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, body === '' ? undefined : (JSON.parse(String(body)) as unknown));
    } catch {
      done(Object.assign(new Error('The body is not valid JSON.'), { statusCode: 400 }), undefined);
    }
  });
}
