import { SseDataParser } from './sse';

describe('SseDataParser', () => {
  it('returns complete data payloads across arbitrary chunk boundaries', () => {
    const parser = new SseDataParser();
    expect(parser.push('data: {"a":')).toEqual([]);
    expect(parser.push('1}\n\nda')).toEqual(['{"a":1}']);
    expect(parser.push('ta: [DONE]\r\n\r\n')).toEqual(['[DONE]']);
  });

  it('ignores comments and event names, and joins multi-line data', () => {
    const parser = new SseDataParser();
    expect(parser.push(': ping\n\nevent: message_start\ndata: line1\ndata: line2\n\n')).toEqual(['line1\nline2']);
  });
});
