import { describe, expect, it } from 'vitest';
import {
  attemptsText,
  overlappedNote,
  topErrorText,
  waitsText,
  waitText,
} from '../src/funnel/stepFigures.ts';
import { stuckShowingText } from '../src/funnel/stuckCount.ts';

describe('attemptsText', () => {
  it('shows spans of the step and the journeys that retried it', () => {
    expect(attemptsText({ attempts: 1204, retried: 87 })).toBe('1,204 attempts · 87 retried');
    expect(attemptsText({ attempts: 1, retried: 0 })).toBe('1 attempt · 0 retried');
  });
  it('shows attempts alone without a retried count, and nothing for an older server', () => {
    expect(attemptsText({ attempts: 12, retried: undefined })).toBe('12 attempts');
    expect(attemptsText({ attempts: undefined, retried: undefined })).toBeNull();
  });
});

describe('waits from the previous step', () => {
  it('never shows a negative wait', () => {
    expect(waitText(-35)).toBe('0 ms');
    expect(waitText(0)).toBe('0 ms');
    expect(waitText(1250)).toBe('1.25 s');
    expect(waitText(null)).toBe('—');
  });
  it('shows p50 / p90', () => {
    expect(waitsText({ p50MsFromPrevious: -2, p90MsFromPrevious: 12.5 })).toBe('0 ms / 12.5 ms');
    expect(waitsText({ p50MsFromPrevious: null, p90MsFromPrevious: null })).toBe('— / —');
  });
});

describe('overlappedNote', () => {
  it('notes the journeys that started the step inside the previous one', () => {
    expect(overlappedNote(1500)).toEqual({
      text: 'overlapped: 1,500',
      title: '1,500 journeys started this step inside the previous one (wait 0)',
    });
    expect(overlappedNote(1)?.title).toBe('1 journey started this step inside the previous one (wait 0)');
  });
  it('says nothing when none overlapped or the server does not count them', () => {
    expect(overlappedNote(0)).toBeNull();
    expect(overlappedNote(undefined)).toBeNull();
  });
});

describe('topErrorText', () => {
  it('shows failed journeys and failing spans', () => {
    expect(topErrorText({ count: 12, attempts: 30 })).toBe('12 journeys (30 attempts)');
    expect(topErrorText({ count: 1, attempts: 1 })).toBe('1 journey (1 attempt)');
    expect(topErrorText({ count: 2048, attempts: 4100 })).toBe('2,048 journeys (4,100 attempts)');
  });
  it('shows journeys alone for an older server', () => {
    expect(topErrorText({ count: 3, attempts: undefined })).toBe('3 journeys');
  });
});

describe('stuckShowingText', () => {
  it('says how many of all stuck journeys are listed', () => {
    expect(stuckShowingText(1000, 1234)).toBe('showing 1,000 of 1,234');
    expect(stuckShowingText(0, 5)).toBe('showing 0 of 5');
  });
  it('says nothing when the list is complete or the total is unknown', () => {
    expect(stuckShowingText(40, 40)).toBeNull();
    expect(stuckShowingText(40, undefined)).toBeNull();
  });
});
