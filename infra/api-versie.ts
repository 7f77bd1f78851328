/**
 * The API's version (Logius API Design Rules): the major version is the first segment of every path
 * (`/core/uri-version`), the full version is sent as the `API-Version` header on every answer
 * (`/core/version-header`) and stands in the OpenAPI document. Links we hand out (mails, koppelingen) carry the path.
 */
export const API_BASISPAD = '/v1';
export const API_VERSIE = '1.0.0';
