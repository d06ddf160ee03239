package dev.mapper.yaml;

import java.util.List;
import java.util.NoSuchElementException;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.parser.Parser;

/**
 * The events of a text parsed (and checked) once, handed to snakeyaml-engine's composer as its parser, so the text
 * is not scanned a second time (~10 % of a start-up's CPU went to parsing it twice). Behaves as ParserImpl does for
 * the composer: the same events, in order; peeking past the end is an error.
 */
final class EventReplay implements Parser {
    private final List<Event> events;
    private int next;

    EventReplay(List<Event> events) {
        this.events = List.copyOf(events);
    }

    @Override
    public boolean hasNext() {
        return next < events.size();
    }

    @Override
    public boolean checkEvent(Event.ID choice) {
        return hasNext() && events.get(next).getEventId() == choice;
    }

    @Override
    public Event peekEvent() {
        if (!hasNext()) {
            throw new NoSuchElementException("No more Events found.");
        }
        return events.get(next);
    }

    @Override
    public Event next() {
        Event event = peekEvent();
        next++;
        return event;
    }
}
