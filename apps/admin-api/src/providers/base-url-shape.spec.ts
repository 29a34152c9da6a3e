import { baseUrlShapeProblem } from './base-url-shape';

describe('baseUrlShapeProblem', () => {
  it.each(['https://api.openai.com/v1', 'https://generativelanguage.googleapis.com/v1beta/', 'http://vllm.internal:8000'])('accepts %s', (url) => {
    expect(baseUrlShapeProblem(url)).toBeNull();
  });

  it.each([
    ['https://generativelanguage.googleapis.com/v1beta?key=AIzaSyFAKE000', 'key'],
    ['https://gw.example.com/v1?api_key=abc', 'api_key'],
    ['https://fn.azurewebsites.net/api?code=abc&x=1', 'code'],
    ['https://store.example.com/v1?sv=2024&sig=abc', 'sig'],
    ['https://gw.example.com/v1?access_token=abc', 'access_token'],
    ['https://gw.example.com/v1?X-Api-Key=abc', 'X-Api-Key'],
  ])('refuses %s, naming the parameter %s and never its value', (url, name) => {
    const problem = baseUrlShapeProblem(url);
    expect(problem).toContain(`credential in its query (${name})`);
    expect(problem).not.toContain('abc');
    expect(problem).not.toContain('AIza');
  });

  it('refuses any other query or a fragment, since request paths are appended to the base URL', () => {
    expect(baseUrlShapeProblem('https://my.openai.azure.com?api-version=2024-06-01')).toContain('has a query (api-version)');
    expect(baseUrlShapeProblem('https://api.example.com/v1#x')).toContain('has a fragment');
  });

  it('leaves unparsable URLs to the egress guard', () => {
    expect(baseUrlShapeProblem('not a url')).toBeNull();
  });
});
