/** The serializers the throughput suite compares, known without loading any of them (`lab list`, planning). */
export const SERIALIZERS = ['json', 'msgpackr', 'msgpackr-records', 'msgpackr-shared', 'v8'] as const;
export type SerializerName = (typeof SERIALIZERS)[number];
