import { Box, Static, Text, useApp, useInput } from 'ink';
import { useEffect, useReducer, useRef, useState } from 'react';
import { applyTypedInput } from './apply-typed-input.js';
import { describeRoute, type ChatEntry, type ChatSession } from './chat-session.js';

function EntryView({ entry }: { entry: ChatEntry }) {
  switch (entry.kind) {
    case 'user':
      return (
        <Text>
          <Text color="cyan" bold>
            you›{' '}
          </Text>
          {entry.text}
        </Text>
      );
    case 'info':
      return <Text dimColor>{entry.text}</Text>;
    case 'error':
      return <Text color="red">{entry.text}</Text>;
    case 'assistant':
      return (
        <Box flexDirection="column" marginBottom={1}>
          <Text>{entry.text}</Text>
          {entry.cancelled ? <Text color="yellow">[cancelled]</Text> : null}
          {entry.error === undefined ? null : <Text color="red">{entry.error}</Text>}
          {entry.route === undefined ? null : <Text dimColor>{describeRoute(entry.route)}</Text>}
        </Box>
      );
  }
}

function StrategyPicker({ session, onDone }: { session: ChatSession; onDone: (name: string | undefined) => void }) {
  const choices = session.strategies();
  const [index, setIndex] = useState(
    Math.max(
      0,
      choices.findIndex((choice) => choice.name === session.strategy.name),
    ),
  );
  useInput((input, key) => {
    if (key.upArrow) setIndex((value) => (value + choices.length - 1) % choices.length);
    else if (key.downArrow) setIndex((value) => (value + 1) % choices.length);
    else if (key.return) onDone(choices[index]?.name);
    else if (key.escape || (key.ctrl && input === 'c')) onDone(undefined);
  });
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold>Switch strategy (↑/↓, Enter; Esc cancels)</Text>
      {choices.map((choice, position) => (
        <Text key={choice.name} inverse={position === index}>
          {choice.name.padEnd(16)} {choice.allowCloud ? 'cloud allowed     ' : 'PHI-safe, no cloud'}{' '}
          {choice.description}
        </Text>
      ))}
    </Box>
  );
}

/** The interactive chat: transcript, the answer streaming in, an input line, a strategy picker. */
export function ChatApp({ session, onExit }: { session: ChatSession; onExit: (code: number) => void }) {
  const { exit } = useApp();
  const [, refresh] = useReducer((count: number) => count + 1, 0);
  const [input, setInput] = useState('');
  // The line as typed so far, read synchronously: several chunks may arrive before the next render.
  const buffer = useRef('');
  // Lines submitted together (a multi-line paste) run one after another, not over each other.
  const queue = useRef<Promise<void>>(Promise.resolve());
  const [picking, setPicking] = useState(false);
  const [exitArmed, setExitArmed] = useState(false);
  useEffect(() => session.subscribe(refresh), [session]);

  const leave = (code: number): void => {
    onExit(code);
    exit();
  };
  const setBuffer = (value: string): void => {
    buffer.current = value;
    setInput(value);
  };
  const submitLine = (line: string): void => {
    queue.current = queue.current.then(async () => {
      const outcome = await session.submit(line);
      if (outcome === 'quit') leave(0);
      if (outcome === 'pick-strategy') setPicking(true);
    });
  };

  useInput(
    (typed, key) => {
      if (key.ctrl && typed === 'c') {
        if (session.cancel()) {
          setExitArmed(true);
        } else if (exitArmed) {
          leave(130);
        } else {
          setExitArmed(true);
        }
        return;
      }
      setExitArmed(false);
      if (key.return) {
        const line = buffer.current;
        setBuffer('');
        submitLine(line);
      } else if (key.backspace || key.delete) {
        setBuffer(buffer.current.slice(0, -1));
      } else if (!key.ctrl && !key.meta && typed !== '') {
        const next = applyTypedInput(buffer.current, typed);
        setBuffer(next.buffer);
        for (const line of next.submitted) submitLine(line);
      }
    },
    { isActive: !picking },
  );

  const entries = session.entries;
  const last = entries[entries.length - 1];
  const live = last?.kind === 'assistant' && !last.done ? 1 : 0;
  const finished = entries.slice(0, entries.length - live);
  const { name, allowCloud } = session.strategy;
  return (
    <Box flexDirection="column">
      <Static items={finished.map((entry, position) => ({ entry, key: position }))}>
        {(item) => <EntryView key={item.key} entry={item.entry} />}
      </Static>
      {live === 1 && last !== undefined ? <EntryView entry={last} /> : null}
      {picking ? (
        <StrategyPicker
          session={session}
          onDone={(choice) => {
            setPicking(false);
            if (choice !== undefined) void session.switchStrategy(choice);
          }}
        />
      ) : null}
      <Text dimColor>
        strategy {name} ({allowCloud ? 'cloud allowed' : 'PHI-safe'}) · task {session.taskType} · /help
        {session.busy ? ' · Ctrl-C cancels' : ''}
        {exitArmed && !session.busy ? ' · Ctrl-C again to exit' : ''}
      </Text>
      <Text>
        <Text color="cyan" bold>
          ›{' '}
        </Text>
        {input}
        <Text inverse> </Text>
      </Text>
    </Box>
  );
}
