import { type MutableRefObject, useEffect } from 'react';
import { TestResultsPanel } from '../tests/TestResultsPanel.tsx';
import { useTestRun } from '../tests/use-test-run.ts';

/** The candidate's tests panel; `runRef` lets Ctrl+Enter start a run. */
export function InterviewTests(props: {
  candidateId: string;
  testNames: string[];
  runRef: MutableRefObject<(() => void) | null>;
}) {
  const { run, start } = useTestRun(`/api/interview/${props.candidateId}/run-tests`);
  useEffect(() => {
    props.runRef.current = () => void start();
    return () => {
      props.runRef.current = null;
    };
  }, [props.runRef, start]);
  return <TestResultsPanel run={run} testNames={props.testNames} onRun={() => void start()} />;
}
