"""Hand-written raw messages in the shapes real mail clients and Mailman produce (headers,
boundaries, encodings and quoting as Outlook, Gmail, Thunderbird and Apple Mail write them).
Each is (name, raw bytes, the writer's own words that must survive, words that must not)."""

from __future__ import annotations

OUTLOOK = b"""Received: from EXCH01.example.org (10.0.0.1) by EXCH02.example.org
 with Microsoft SMTP Server id 15.1.2507.0; Tue, 12 Jan 2027 10:02:11 +0100
From: "Kowalski, Jan" <Jan.Kowalski@Gov.Example.PL>
To: "bpf-cyber@lists.intgovforum.example" <bpf-cyber@lists.intgovforum.example>
Subject: RE: [BPF-Cyber] Draft scope for 2027
Thread-Topic: [BPF-Cyber] Draft scope for 2027
Thread-Index: AQHZ1234567890abcdefghij==
Date: Tue, 12 Jan 2027 09:02:10 +0000
Message-ID: <AM0PR01MB1234ABCD5678EF@AM0PR01MB1234.eurprd01.prod.outlook.example>
References: <CAF=root1@mail.gmail.example>
In-Reply-To: <CAF=root1@mail.gmail.example>
Accept-Language: en-US
Content-Language: en-US
X-MS-Has-Attach:
X-Auto-Response-Suppress: All
Content-Type: multipart/alternative;
\tboundary="_000_AM0PR01MB1234ABCD5678EF_"
MIME-Version: 1.0
Precedence: list
List-Id: BPF Cybersecurity <bpf-cyber.lists.intgovforum.example>
List-Post: <mailto:bpf-cyber@lists.intgovforum.example>

--_000_AM0PR01MB1234ABCD5678EF_
Content-Type: text/plain; charset="iso-8859-1"
Content-Transfer-Encoding: quoted-printable

Dear all,

The ministry supports narrowing the scope to incident response =96 we cannot=
 commit staff to a third track this year.

Kind regards,
Jan

________________________________
From: Ana P=E9rez <ana@civil.example>
Sent: Monday, January 11, 2027 18:00
To: bpf-cyber@lists.intgovforum.example
Subject: [BPF-Cyber] Draft scope for 2027

Please comment on the attached scope by Friday.
_______________________________________________
BPF-Cyber mailing list
BPF-Cyber@lists.intgovforum.example
https://lists.intgovforum.example/mailman/listinfo/bpf-cyber

--_000_AM0PR01MB1234ABCD5678EF_
Content-Type: text/html; charset="iso-8859-1"
Content-Transfer-Encoding: quoted-printable

<html><body><p>Dear all,</p><p>The ministry supports narrowing the scope</p></body></html>

--_000_AM0PR01MB1234ABCD5678EF_--
"""

GMAIL = b"""MIME-Version: 1.0
References: <AM0PR01MB1234ABCD5678EF@AM0PR01MB1234.eurprd01.prod.outlook.example>
In-Reply-To: <AM0PR01MB1234ABCD5678EF@AM0PR01MB1234.eurprd01.prod.outlook.example>
From: =?UTF-8?B?QW5hIFDDqXJleg==?= <ana@civil.example>
Date: Tue, 12 Jan 2027 11:15:42 +0100
Message-ID: <CAF=reply2+xYz@mail.gmail.example>
Subject: Re: [BPF-Cyber] Draft scope for 2027
To: bpf-cyber@lists.intgovforum.example
Content-Type: multipart/alternative; boundary="000000000000a1b2c3d4e5f6"

--000000000000a1b2c3d4e5f6
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

Thanks Jan. Civil society would still like a line on capacity building in t=
he Global South.

On Tue, Jan 12, 2027 at 10:02 AM Kowalski, Jan <Jan.Kowalski@gov.example.pl=
>
wrote:

> Dear all,
>
> The ministry supports narrowing the scope to incident response
>

--000000000000a1b2c3d4e5f6
Content-Type: text/html; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

<div dir=3D"ltr">Thanks Jan. Civil society would still like a line on capac=
ity building.</div><br><div class=3D"gmail_quote"><div dir=3D"ltr" class=3D=
"gmail_attr">On Tue, Jan 12, 2027 at 10:02 AM Kowalski, Jan wrote:<br></div=
><blockquote class=3D"gmail_quote">Dear all,</blockquote></div>

--000000000000a1b2c3d4e5f6--
"""

THUNDERBIRD = b"""Message-ID: <5c1e2f3a-0b1c-4d2e-8f9a-1234567890ab@academia.example>
Date: Tue, 12 Jan 2027 12:30:05 +0100
MIME-Version: 1.0
User-Agent: Mozilla Thunderbird
Subject: Re: [BPF-Cyber] Draft scope for 2027
Content-Language: de-DE
To: bpf-cyber@lists.intgovforum.example
References: <CAF=root1@mail.gmail.example>
 <CAF=reply2+xYz@mail.gmail.example>
From: =?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= <mueller@Uni-Example.DE>
In-Reply-To: <CAF=reply2+xYz@mail.gmail.example>
Content-Type: text/plain; charset=UTF-8; format=flowed
Content-Transfer-Encoding: 8bit

Wir unterst\xc3\xbctzen den Vorschlag, aber die Frist sollte um zwei Wochen\x20
verl\xc3\xa4ngert werden.

Am 12.01.27 um 11:15 schrieb Ana P\xc3\xa9rez:
> Thanks Jan. Civil society would still like a line on capacity building
> in the Global South.

--\x20
Prof. Dr. J\xc3\xbcrgen M\xc3\xbcller
Universit\xc3\xa4t Beispiel
"""

APPLE = b"""From: Amina Diallo <amina@tech.example.sn>
Content-Type: multipart/alternative;
\tboundary="Apple-Mail=_5F3A2B1C-0D4E-4F5A-8B6C-7D8E9F0A1B2C"
Mime-Version: 1.0 (Mac OS X Mail 16.0 \\(3731.300.101.1.3\\))
Subject: Re: [BPF-Cyber] Draft scope for 2027
Date: Tue, 12 Jan 2027 14:05:00 +0000
References: <CAF=root1@mail.gmail.example>
In-Reply-To: <CAF=root1@mail.gmail.example>
To: bpf-cyber@lists.intgovforum.example
Message-Id: <8A7B6C5D-4E3F-2A1B-0C9D-8E7F6A5B4C3D@tech.example.sn>
X-Mailer: iPhone Mail (20B101)

--Apple-Mail=_5F3A2B1C-0D4E-4F5A-8B6C-7D8E9F0A1B2C
Content-Transfer-Encoding: quoted-printable
Content-Type: text/plain;
\tcharset=utf-8

The technical community can take the incident-response track; we will draft =
the first section.

Sent from my iPhone

> On 11 Jan 2027, at 18:00, Ana P=C3=A9rez <ana@civil.example> wrote:
>=20
> =EF=BB=BFPlease comment on the attached scope by Friday.

--Apple-Mail=_5F3A2B1C-0D4E-4F5A-8B6C-7D8E9F0A1B2C
Content-Transfer-Encoding: 7bit
Content-Type: text/html;
\tcharset=us-ascii

<html><body>The technical community can take the incident-response track</body></html>
--Apple-Mail=_5F3A2B1C-0D4E-4F5A-8B6C-7D8E9F0A1B2C--
"""

MAILMAN3_DMARC = b"""From: Carlos Mendoza via BPF-Cyber <bpf-cyber@lists.intgovforum.example>
Reply-To: Carlos Mendoza <cmendoza@privado.example.mx>
To: bpf-cyber@lists.intgovforum.example
Subject: [BPF-Cyber] Re: Draft scope for 2027
Date: Tue, 12 Jan 2027 16:40:00 -0600
Message-ID: <20270112224000.GA1234@privado.example.mx>
In-Reply-To: <CAF=root1@mail.gmail.example>
List-Id: BPF Cybersecurity <bpf-cyber.lists.intgovforum.example>
List-Post: <mailto:bpf-cyber@lists.intgovforum.example>
Precedence: list
MIME-Version: 1.0
Content-Type: text/plain; charset="windows-1252"
Content-Transfer-Encoding: 8bit

Estamos de acuerdo con el alcance. El sector privado puede aportar casos \x93reales\x94.

El lun, 11 ene 2027 a las 18:00, Ana P\xe9rez (<ana@civil.example>) escribi\xf3:
> Please comment on the attached scope by Friday.

_______________________________________________
BPF-Cyber mailing list -- bpf-cyber@lists.intgovforum.example
To unsubscribe send an email to bpf-cyber-leave@lists.intgovforum.example
"""

FRENCH = b"""From: =?iso-8859-1?q?H=E9l=E8ne_Dubois?= <helene.dubois@oig.example>
To: bpf-cyber@lists.intgovforum.example
Subject: =?iso-8859-1?q?Re=A0=3A_=5BBPF-Cyber=5D_Port=E9e_du_projet?=
Date: Wed, 13 Jan 2027 08:00:00 +0100
Message-ID: <0123456789@oig.example>
In-Reply-To: <CAF=root1@mail.gmail.example>
MIME-Version: 1.0
Content-Type: text/plain; charset=iso-8859-1
Content-Transfer-Encoding: quoted-printable

Nous soutenons la port=E9e r=E9duite.

Envoy=E9 de mon iPhone

Le mar. 12 janv. 2027 =E0 10:02, Kowalski, Jan <jan.kowalski@gov.example.pl> a =E9crit :
> The ministry supports narrowing the scope
"""

SAMPLES: list[tuple[str, bytes, str, tuple[str, ...]]] = [
    (
        "outlook",
        OUTLOOK,
        "The ministry supports narrowing the scope to incident response \u2013 we cannot commit",
        ("Please comment", "From:", "mailing list", "_____", "<html>"),
    ),
    (
        "gmail",
        GMAIL,
        "Civil society would still like a line on capacity building in the Global South.",
        ("wrote", "Dear all", ">"),
    ),
    (
        "thunderbird",
        THUNDERBIRD,
        "Wir unterst\u00fctzen den Vorschlag, aber die Frist sollte um zwei Wochen "
        "verl\u00e4ngert werden.",
        ("schrieb", "Global South", "Prof. Dr.", "Universit\u00e4t"),
    ),
    (
        "apple",
        APPLE,
        "The technical community can take the incident-response track; we will draft the",
        ("Sent from my iPhone", "Please comment", "wrote"),
    ),
    (
        "mailman3-dmarc",
        MAILMAN3_DMARC,
        "El sector privado puede aportar casos \u201creales\u201d.",
        ("escribi", "Please comment", "unsubscribe", "mailing list"),
    ),
    (
        "french",
        FRENCH,
        "Nous soutenons la port\u00e9e r\u00e9duite.",
        ("Envoy\u00e9 de mon", "a \u00e9crit", "narrowing"),
    ),
]

# Mailman 2.1's MIME digest, as a digest subscriber receives it.
MAILMAN2_DIGEST = b"""From: bpf-cyber-request@lists.intgovforum.example
Subject: BPF-Cyber Digest, Vol 12, Issue 3
To: bpf-cyber@lists.intgovforum.example
Reply-To: bpf-cyber@lists.intgovforum.example
Date: Wed, 13 Jan 2027 12:00:03 +0000
Message-ID: <mailman.5.1736769603.1234.bpf-cyber@lists.intgovforum.example>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="===============1234567890=="
List-Id: BPF Cybersecurity <bpf-cyber.lists.intgovforum.example>
Precedence: list

--===============1234567890==
Content-Type: text/plain; charset="us-ascii"
Content-Description: BPF-Cyber Digest, Vol 12, Issue 3

Send BPF-Cyber mailing list submissions to
\tbpf-cyber@lists.intgovforum.example

Today's Topics:

   1. Re: Draft scope for 2027 (Kowalski, Jan)

--===============1234567890==
Content-Type: multipart/digest; boundary="===============0987654321=="

--===============0987654321==
Content-Type: message/rfc822

From: "Kowalski, Jan" <Jan.Kowalski@gov.example.pl>
Subject: RE: [BPF-Cyber] Draft scope for 2027
Date: Tue, 12 Jan 2027 09:02:10 +0000
Message-ID: <AM0PR01MB1234ABCD5678EF@AM0PR01MB1234.eurprd01.prod.outlook.example>

The ministry supports narrowing the scope.

--===============0987654321==--

--===============1234567890==
Content-Type: text/plain; charset="us-ascii"
Content-Description: Digest Footer

_______________________________________________
BPF-Cyber mailing list
BPF-Cyber@lists.intgovforum.example
https://lists.intgovforum.example/mailman/listinfo/bpf-cyber

--===============1234567890==--
"""

# Mailman adds its footer as a separate part when the post is already multipart.
MAILMAN_FOOTER_PART = b"""From: Priya Raman <priya@cert.example.in>
To: bpf-cyber@lists.intgovforum.example
Subject: Re: [BPF-Cyber] Draft scope for 2027
Date: Wed, 13 Jan 2027 10:00:00 +0530
Message-ID: <priya-1@cert.example.in>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="===============5555=="

--===============5555==
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: base64

VGhlIENFUlQgY2FuIGhvc3QgdGhlIHJlZ2lvbmFsIGV4ZXJjaXNlLg==

--===============5555==
Content-Type: text/plain; charset="us-ascii"
Content-Disposition: inline

_______________________________________________
BPF-Cyber mailing list -- bpf-cyber@lists.intgovforum.example
To unsubscribe send an email to bpf-cyber-leave@lists.intgovforum.example

--===============5555==--
"""
