import { describe, expect, it } from 'vitest';
import { matchOpenInferenceRoute } from '../../../serving/open-inference.js';

describe('Open Inference Protocol routes', () => {
  it('matches the KServe v2 paths, versions and URL-encoded names', () => {
    expect(matchOpenInferenceRoute('/v2/health/live')).toEqual({ kind: 'live' });
    expect(matchOpenInferenceRoute('/v2/health/ready')).toEqual({ kind: 'ready' });
    expect(matchOpenInferenceRoute('/v2/models/spam')).toEqual({ kind: 'model', name: 'spam' });
    expect(matchOpenInferenceRoute('/v2/models/spam/ready')).toEqual({ kind: 'model-ready', name: 'spam' });
    expect(matchOpenInferenceRoute('/v2/models/spam/versions/3/infer')).toEqual({ kind: 'infer', name: 'spam', version: '3' });
    expect(matchOpenInferenceRoute('/v2/models/listing%20spam/infer')).toEqual({ kind: 'infer', name: 'listing spam' });
    expect(matchOpenInferenceRoute('/v2/models/spam/explain')).toBeUndefined();
    expect(matchOpenInferenceRoute('/v2/models')).toBeUndefined();
    expect(matchOpenInferenceRoute('/v2/models/%E0%A4%A/infer')).toBeUndefined();
  });
});
