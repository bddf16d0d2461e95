// Reads an iCalendar feed on stdin with ical.js and prints what a calendar app would take from it, as JSON:
// each event's UID, SEQUENCE, STATUS, its zone and local wall-clock start, and its start in UTC by the feed's own VTIMEZONE.
import ICAL from 'ical.js';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const root = new ICAL.Component(ICAL.parse(Buffer.concat(chunks).toString('utf8')));

for (const zone of root.getAllSubcomponents('vtimezone')) {
  ICAL.TimezoneService.register(zone);
}
const events = root.getAllSubcomponents('vevent').map((component) => {
  const event = new ICAL.Event(component);
  const start = event.startDate;
  const pad = (n) => String(n).padStart(2, '0');
  return {
    uid: event.uid,
    summary: event.summary,
    sequence: event.sequence,
    status: component.getFirstPropertyValue('status'),
    tzid: start.zone?.tzid ?? null,
    localStart: `${start.year}-${pad(start.month)}-${pad(start.day)}T${pad(start.hour)}:${pad(start.minute)}`,
    utcStart: start.toJSDate().toISOString(),
    timezones: root.getAllSubcomponents('vtimezone').map((z) => z.getFirstPropertyValue('tzid')),
  };
});
process.stdout.write(JSON.stringify(events));
