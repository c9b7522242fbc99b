// An SMTP server on loopback that keeps what it receives (EHLO/HELO, MAIL, RCPT, DATA with
// dot-unstuffing, RSET, NOOP, QUIT), with a reader for the plain-text part of a message.
// Node's `net` only: no npm package.
import { createServer } from 'node:net';

export async function startSmtpSink() {
  const mails = [];
  const server = createServer((socket) => {
    socket.setEncoding('utf8');
    let buffer = '';
    let data = null; // the message lines while in DATA
    let from = '';
    let to = [];
    const reply = (line) => socket.write(line + '\r\n');
    reply('220 sink.test ESMTP ready');
    socket.on('data', (chunk) => {
      buffer += chunk;
      let at;
      while ((at = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, at);
        buffer = buffer.slice(at + 2);
        if (data !== null) {
          if (line === '.') {
            mails.push({ from, to, raw: data.join('\r\n') });
            data = null;
            to = [];
            reply('250 2.0.0 OK queued');
          } else {
            data.push(line.startsWith('.') ? line.slice(1) : line);
          }
          continue;
        }
        const verb = line.split(' ')[0].toUpperCase();
        const address = () => (line.match(/<([^>]*)>/) ?? [])[1] ?? '';
        if (verb === 'EHLO') socket.write('250-sink.test\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n');
        else if (verb === 'HELO') reply('250 sink.test');
        else if (verb === 'MAIL') { from = address(); to = []; reply('250 2.1.0 OK'); }
        else if (verb === 'RCPT') { to.push(address()); reply('250 2.1.5 OK'); }
        else if (verb === 'DATA') { data = []; reply('354 end with <CRLF>.<CRLF>'); }
        else if (verb === 'RSET') { from = ''; to = []; reply('250 2.0.0 OK'); }
        else if (verb === 'NOOP') reply('250 2.0.0 OK');
        else if (verb === 'QUIT') { reply('221 2.0.0 bye'); socket.end(); }
        else reply('502 5.5.2 command not recognised');
      }
    });
    socket.on('error', () => {});
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${server.address().port}`,
    mails,
    /** The first message to `address`, waiting for it up to `ms`. */
    async waitFor(address, ms = 15000) {
      for (let waited = 0; waited < ms; waited += 100) {
        const m = mails.find((x) => x.to.includes(address));
        if (m) return m;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`no e-mail to ${address} arrived`);
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** The decoded text/plain part of a raw MIME message. */
export function plainText(raw) {
  const boundary = (raw.match(/boundary="?([^";\r\n]+)"?/i) ?? [])[1];
  const parts = boundary ? raw.split('--' + boundary) : [raw];
  const part = parts.find((p) => /content-type:\s*text\/plain/i.test(p)) ?? '';
  const split = part.indexOf('\r\n\r\n');
  const head = part.slice(0, split);
  const body = part.slice(split + 4).replace(/\r\n$/, '');
  const encoding = ((head.match(/content-transfer-encoding:\s*(\S+)/i) ?? [])[1] ?? '').toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}
