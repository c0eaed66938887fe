/** The Asia/Shanghai calendar date of an instant, whatever the machine's time zone. */
const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
export const shanghaiDay = (d: Date): string => fmt.format(d);
