"""English demo texts, many written by people for whom English is a second language."""

from ..story import ChatStory, EmailStory, LanguagePack

EMAILS = (
    EmailStory(
        "en.wrong",
        "siobhan_oconnor",
        "wrong_item",
        "Wrong item in order {order}",
        (
            "Hello,\n\nI ordered a 1.5 l glass teapot (order {order}) and received a 0.8 l one. "
            "The packing slip says 1.5 l, so I think it was just picked wrong. Could you send "
            "the right one? Happy to return this one.\n\nKind regards",
            "Sorry about the mix-up! The 1.5 l teapot is on its way and should arrive by "
            "Thursday. Please keep the small one; sending it back would cost more than it is "
            "worth.",
            "That's very kind, thank you. The new one arrived today, but the lid doesn't sit "
            "properly, it wobbles. Is that normal for this model?",
            "That isn't normal, the lid should sit firmly. Could you send us a short video or a "
            "photo from the side? If it is faulty, we'll replace the whole teapot.",
            "Photo attached. You can see the gap on the left side.",
            "Thanks for the photo, the lid is clearly warped. A replacement goes out today, and "
            "this time we checked the lid before packing it.",
        ),
    ),
    EmailStory(
        "en.refund",
        "hp_muller",
        "refund",
        "Refund for returned jacket",
        (
            "Good morning,\n\nI sent back the winter jacket from order {order} on 3 November. "
            "Tracking shows you received it on 6 November, but I still did not get my money "
            "back. Please can you check?\n\nBest regards",
            "Thank you for your patience. Your refund of €129.00 was issued today to the card you "
            "paid with; depending on your bank it takes 3 to 5 working days to show.",
        ),
        agent="tomas",
    ),
    EmailStory(
        "en.invoice",
        "nguyen_van_an",
        "invoice",
        "Invoice with VAT number",
        (
            "Dear support team,\n\nfor my order {order} I need an invoice with our company VAT "
            "number CZ08123456 (An Trading s.r.o., Sapa, Libušská 319, Praha 4). The invoice I "
            "got has only my private name. Can you please issue a new one?\n\nThank you very "
            "much",
        ),
    ),
    EmailStory(
        "en.delay",
        "jl_dubois",
        "delay",
        "Order {order} - delivery delayed?",
        (
            "Hello,\n\nmy order {order} was supposed to arrive on Monday. Today is Thursday and "
            'the tracking still says "in transit". I need the items for an event on Saturday. '
            "Can you tell me what is happening?\n\nRegards",
            "We're sorry for the delay. The parcel was held at the carrier's hub in Lyon after a "
            "scanning error; it's moving again and is due tomorrow before noon.",
            "It did not arrive today either. I really need it by Saturday.",
        ),
        agent="tomas",
    ),
    EmailStory(
        "en.complaint",
        "kate_williams",
        "complaint",
        "broken mug :(",
        (
            "Hi,\n\none of the mugs in my order ({order}) arrived with the handle snapped off. "
            "Pics attached. Could you send a new one?\n\nThanks!",
            "Oh no, sorry to see that! A new mug is on its way, no need to send the broken one "
            "back.",
            "Got it today, perfect. Thanks so much!",
        ),
    ),
)

CHATS = (
    ChatStory(
        "en.chat.status",
        "tom_baker",
        "order_status",
        (
            ("c", "hi, has order {order} shipped yet?"),
            (
                "a",
                "Hi Tom, yes, it left our warehouse this morning. You'll get the tracking link "
                "by email.",
            ),
            ("c", "cheers"),
        ),
    ),
    ChatStory(
        "en.chat.address",
        "priya_sharma",
        "address_change",
        (
            ("c", "Hello, I just placed order {order} and used my old address by mistake."),
            ("c", "The right one is 14 Baker Street, Flat 2, Brno 602 00"),
            (
                "a",
                "Hello Ms Sharma, no problem, I've updated the address. The parcel hasn't "
                "left yet.",
            ),
            ("c", "Thank you!"),
            ("c", "One more thing: can the courier call me before delivery?"),
        ),
    ),
    ChatStory(
        "en.chat.stock",
        "yuki_tanaka",
        "order_status",
        (
            ("c", "Hello. Do you ship to Japan?"),
            ("c", "I want to buy the Bohemian crystal vase, item 4471"),
        ),
    ),
)

PACK = LanguagePack(
    code="en",
    customer_sign_off="Best regards",
    agent_sign_off="Best regards",
    team="Customer support, shop.example",
    quote_header="On {date}, {name} wrote:",
    forwarded="---------- Forwarded message ---------",
    emails=EMAILS,
    chats=CHATS,
)
