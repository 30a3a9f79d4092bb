"""What the demo customers write and are answered, per scenario and language.

Each entry is (subject, description, messages): the messages are used in the order the
scenario in ``customers.demo_cases`` says (its docstring names who writes which). Subjects
are the demo's stable keys: a case is looked up by (customer, subject), so keep them unique
within a language.
"""

from __future__ import annotations

Texts = tuple[str, str, tuple[str, ...]]

GRANT_REASONS = {
    "sv": "Specialisten behöver se inställningarna i vår miljö.",
    "fi": "Asiantuntija tarvitsee pääsyn ympäristömme asetuksiin.",
    "en": "The specialist needs to look at the settings in our system.",
}

TEXTS: dict[str, dict[str, Texts]] = {
    # messages: the rating comment
    "wish_delivered_long_ago": {
        "sv": ("Önskemål: filtrera rapporter på projektansvarig",
               "Vi skulle vilja kunna filtrera alla rapporter på projektansvarig, så att varje "
               "arbetsledare ser sina egna projekt direkt.",
               ("Produktrådet har godkänt önskemålet och det är planerat till version 2026.3.",
                "Nu finns filtret för projektansvarig i alla rapporter i version 2026.3. "
                "Tack för förslaget!",
                "Precis vad vi behövde, arbetsledarna använder det varje dag.")),
        "fi": ("Toive: raporttien suodatus projektipäällikön mukaan",
               "Haluaisimme suodattaa kaikki raportit projektipäällikön mukaan, jotta jokainen "
               "työnjohtaja näkee omat projektinsa suoraan.",
               ("Tuoteneuvosto hyväksyi toiveen, ja se on suunniteltu versioon 2026.3.",
                "Projektipäällikkösuodatin on nyt kaikissa raporteissa versiossa 2026.3. "
                "Kiitos ehdotuksesta!",
                "Juuri tätä tarvitsimme, työnjohtajat käyttävät sitä päivittäin.")),
        "en": ("Wish: filter reports by project manager",
               "We would like to filter every report by project manager, so that each "
               "supervisor sees their own projects straight away.",
               ("The product council approved the wish; it is planned for release 2026.3.",
                "The project manager filter is now in every report in release 2026.3. "
                "Thank you for the suggestion!",
                "Exactly what we needed, our supervisors use it every day.")),
    },
    # messages: the specialist's answer, the customer's thanks
    "question_closed": {
        "sv": ("Hur ändrar jag momssats på en artikel?",
               "En av våra artiklar ska ha 12 % moms från och med nästa månad. Var ändrar jag "
               "det utan att gamla fakturor påverkas?",
               ("Öppna artikeln, välj fliken Priser och lägg till en ny rad med momssats 12 % "
                "och giltig från-datum. Fakturor före datumet behåller den gamla satsen.",
                "Tack, det fungerade! Ni kan stänga ärendet.")),
        "fi": ("Miten muutan tuotteen arvonlisäverokantaa?",
               "Yhden tuotteemme ALV-kanta muuttuu ensi kuun alusta. Missä muutan sen niin, "
               "etteivät vanhat laskut muutu?",
               ("Avaa tuote, valitse välilehti Hinnat ja lisää uusi rivi uudella ALV-kannalla "
                "ja voimassaolon alkupäivällä. Sitä vanhemmat laskut pitävät vanhan kannan.",
                "Kiitos, toimi! Asian voi sulkea.")),
        "en": ("How do I change the VAT rate of an item?",
               "One of our items moves to a different VAT rate next month. Where do I change "
               "it without touching old invoices?",
               ("Open the item, choose the Prices tab and add a new line with the new VAT rate "
                "and a valid-from date. Invoices before that date keep the old rate.",
                "Thanks, that worked! You can close the case.")),
    },
    # messages: the specialist's answer when the order is delivered
    "order_delivered_recently": {
        "sv": ("Beställning: import av kundregister från gamla systemet",
               "Vi vill att ni importerar vårt kundregister (ca 1 200 kunder) från det gamla "
               "systemet. Exportfilen bifogas när vi fått ett pris.",
               ("Importen är klar: 1 187 kunder är inlästa, 13 dubbletter är sammanslagna. "
                "Kontrollera gärna några kunder och säg till om något ser fel ut.",)),
        "fi": ("Tilaus: asiakasrekisterin tuonti vanhasta järjestelmästä",
               "Haluamme, että tuotte asiakasrekisterimme (noin 1 200 asiakasta) vanhasta "
               "järjestelmästä. Lähetämme vientitiedoston, kun saamme hinnan.",
               ("Tuonti on valmis: 1 187 asiakasta on luettu sisään ja 13 kaksoiskappaletta "
                "yhdistetty. Tarkistattehan muutaman asiakkaan ja kerrotte, jos jokin on vialla.",)),
        "en": ("Order: import of the customer register from our old system",
               "Please import our customer register (about 1,200 customers) from the old "
               "system. We will send the export file once we have a price.",
               ("The import is done: 1,187 customers are in, 13 duplicates were merged. Please "
                "check a few customers and tell us if anything looks wrong.",)),
    },
    # messages: the specialist's answer
    "wish_council": {
        "sv": ("Önskemål: påminnelse när en offert snart går ut",
               "Det vore bra att få en påminnelse några dagar innan en offert slutar gälla, så "
               "att säljaren hinner höra av sig till kunden.",
               ("Tack för önskemålet! Vi tar upp det i nästa produktråd och återkommer med "
                "beslutet här i ärendet.",)),
        "fi": ("Toive: muistutus ennen tarjouksen voimassaolon päättymistä",
               "Olisi hyvä saada muistutus muutama päivä ennen kuin tarjous vanhenee, jotta "
               "myyjä ehtii ottaa yhteyttä asiakkaaseen.",
               ("Kiitos toiveesta! Käsittelemme sen seuraavassa tuoteneuvostossa ja kerromme "
                "päätöksestä tässä asiassa.",)),
        "en": ("Wish: reminder before a quote expires",
               "It would help to get a reminder a few days before a quote expires, so the "
               "salesperson has time to call the customer.",
               ("Thank you for the wish! We will bring it to the next product council and "
                "post the decision in this case.",)),
    },
    # messages: the specialist's first answer, the customer's reply, the release plan
    "bug_planned": {
        "sv": ("Fel: PDF-utskriften tappar sista raden på sidan",
               "När en faktura har fler än 25 rader saknas sista raden på första sidan i PDF:en. "
               "I förhandsgranskningen syns den.",
               ("Tack, vi kan återskapa felet. Vi behöver se er blankettmall; kan ni ge oss en "
                "supportinloggning?",
                "Inloggning är beviljad, mallen heter Faktura 2026.",
                "Felet ligger i sidbrytningen och rättas i version 2026.4. Fram till dess "
                "fungerar det att minska radavståndet i mallen.")),
        "fi": ("Vika: PDF-tulosteesta puuttuu sivun viimeinen rivi",
               "Kun laskulla on yli 25 riviä, ensimmäisen sivun viimeinen rivi puuttuu PDF:stä. "
               "Esikatselussa se näkyy.",
               ("Kiitos, saimme vian toistettua. Tarvitsemme lomakepohjanne; voitteko antaa "
                "meille tukikirjautumisen?",
                "Kirjautuminen on myönnetty, pohjan nimi on Lasku 2026.",
                "Vika on sivunvaihdossa ja korjataan versiossa 2026.4. Siihen asti riviväliä "
                "pienentämällä tuloste toimii.")),
        "en": ("Bug: the PDF print drops the last line of the page",
               "When an invoice has more than 25 lines, the last line of the first page is "
               "missing from the PDF. The preview shows it.",
               ("Thanks, we can reproduce it. We need to see your form template; could you "
                "grant us a support login?",
                "Support login granted, the template is called Invoice 2026.",
                "The fault is in the page break and is fixed in release 2026.4. Until then, a "
                "smaller line spacing in the template works around it.")),
    },
    # messages: the estimate's text, the specialist's note when work starts
    "order_in_work": {
        "sv": ("Beställning: ny blankett för följesedel med streckkod",
               "Vi behöver en följesedel med streckkod per rad så att lagret kan skanna "
               "leveranserna.",
               ("Ny blankett för följesedel med streckkod (Code 128) per rad, test i er "
                "testmiljö och en justeringsrunda. 6 timmar.",
                "Tack för godkännandet! Vi har börjat; konsulten behöver logga in hos er en dag "
                "för att lägga upp blanketten.")),
        "fi": ("Tilaus: uusi lähetyslistalomake viivakoodilla",
               "Tarvitsemme lähetyslistan, jossa on viivakoodi joka rivillä, jotta varasto voi "
               "skannata toimitukset.",
               ("Uusi lähetyslistalomake, viivakoodi (Code 128) joka rivillä, testaus "
                "testiympäristössänne ja yksi korjauskierros. 6 tuntia.",
                "Kiitos hyväksynnästä! Työ on aloitettu; konsultti tarvitsee päivän pääsyn "
                "järjestelmäänne lomakkeen asentamiseksi.")),
        "en": ("Order: new delivery note form with barcodes",
               "We need a delivery note with a barcode on every line so the warehouse can scan "
               "deliveries.",
               ("New delivery note form with a barcode (Code 128) per line, a test in your test "
                "environment and one round of adjustments. 6 hours.",
                "Thanks for accepting! We have started; the consultant needs a day's login to "
                "your system to install the form.")),
    },
    # messages: the specialist's answer, the customer's reply
    "question_second_line": {
        "sv": ("Bankfilen från banken läses inte in",
               "Sedan i måndags får vi felet \"Okänt filformat\" när vi läser in bankfilen i "
               "bankavstämningen.",
               ("Vi har lämnat ärendet till andra linjen, som ser över filformatet tillsammans "
                "med banken.",
                "Tack! Inloggningen behövs inte längre, vi har dragit tillbaka den.")),
        "fi": ("Pankin tiliotetiedosto ei lukeudu",
               "Maanantaista lähtien pankkitäsmäytys antaa virheen \"Tuntematon tiedostomuoto\", "
               "kun luemme tiliotetiedoston.",
               ("Siirsimme asian toiselle linjalle, joka selvittää tiedostomuodon yhdessä "
                "pankin kanssa.",
                "Kiitos! Kirjautumista ei enää tarvita, peruimme sen.")),
        "en": ("The bank statement file is not read in",
               "Since Monday the bank reconciliation says \"Unknown file format\" when we read "
               "in the statement file.",
               ("We have passed the case to second line, who are checking the file format with "
                "the bank.",
                "Thanks! The login is no longer needed, we have revoked it.")),
    },
    # messages: the specialist's answer, the customer's reply, the specialist's question
    "question_waiting": {
        "sv": ("Momsrapporten stämmer inte mot huvudboken",
               "Momsrapporten för oktober visar 3 450 kr mindre utgående moms än konto 2611 i "
               "huvudboken. Vad kan det bero på?",
               ("Oftast beror det på verifikationer med manuellt ändrad momskod. Har ni gjort "
                "några manuella verifikationer i oktober?",
                "Ja, ett par stycken för en kreditering.",
                "Tack! Kan ni skicka verifikationsnumren, så tittar vi på dem?")),
        "fi": ("ALV-raportti ei täsmää pääkirjaan",
               "Lokakuun ALV-raportilla myynnin ALV on 345 euroa pienempi kuin pääkirjan tilillä "
               "2939. Mistä tämä voi johtua?",
               ("Yleensä syynä ovat tositteet, joiden verokoodia on muutettu käsin. Teittekö "
                "lokakuussa käsin tositteita?",
                "Kyllä, muutaman hyvitystä varten.",
                "Kiitos! Voitteko lähettää tositenumerot, niin katsomme ne?")),
        "en": ("The VAT report does not match the general ledger",
               "The October VAT report shows 345 less output VAT than the VAT account in the "
               "general ledger. What could cause that?",
               ("Usually vouchers whose VAT code was changed by hand. Did you post any manual "
                "vouchers in October?",
                "Yes, a couple for a credit note.",
                "Thanks! Could you send us the voucher numbers so we can look at them?")),
    },
    # messages: the estimate's text
    "order_pending_estimate": {
        "sv": ("Beställning: integration mot vår webbutik",
               "Vi vill att order från webbutiken kommer in automatiskt som order i systemet, "
               "med kund och artiklar.",
               ("Integration av webbutikens order via ert API: kund- och artikelmatchning, "
                "felkö och driftsättning. 16 timmar.",)),
        "fi": ("Tilaus: integraatio verkkokauppaamme",
               "Haluamme, että verkkokaupan tilaukset siirtyvät automaattisesti tilauksiksi "
               "järjestelmään asiakkaineen ja tuotteineen.",
               ("Verkkokaupan tilausten integrointi rajapinnan kautta: asiakkaiden ja tuotteiden "
                "kohdistus, virhejono ja käyttöönotto. 16 tuntia.",)),
        "en": ("Order: integration with our web shop",
               "We want orders from the web shop to arrive automatically as orders in the "
               "system, with customer and items.",
               ("Integration of web shop orders through your API: customer and item matching, "
                "an error queue and going live. 16 hours.",)),
    },
    # messages: the customer's question while waiting
    "bug_breached": {
        "sv": ("Fel: fakturorna fastnar i utskickskön",
               "Inga fakturor har gått iväg sedan i morse, alla ligger kvar i kön med status "
               "Väntar. Kunderna väntar på sina fakturor.",
               ("Har ni hunnit titta på det här? Kön växer.",)),
        "fi": ("Vika: laskut jäävät lähetysjonoon",
               "Yhtään laskua ei ole lähtenyt aamun jälkeen, kaikki ovat jonossa tilassa "
               "Odottaa. Asiakkaat odottavat laskujaan.",
               ("Oletteko ehtineet katsoa tätä? Jono kasvaa.",)),
        "en": ("Bug: invoices stuck in the sending queue",
               "No invoice has gone out since this morning, they all sit in the queue as "
               "Waiting. Our customers are waiting for their invoices.",
               ("Have you had a chance to look at this? The queue keeps growing.",)),
    },
    "bug_at_risk": {
        "sv": ("Fel: programmet stängs när vi bokför leverantörsfakturor",
               "Så fort vi bokför en leverantörsfaktura stängs programmet utan felmeddelande. "
               "Vi kan inte bokföra några leverantörsfakturor alls.", ()),
        "fi": ("Vika: ohjelma sulkeutuu ostolaskuja kirjattaessa",
               "Heti kun kirjaamme ostolaskun, ohjelma sulkeutuu ilman virheilmoitusta. "
               "Emme voi kirjata ostolaskuja lainkaan.", ()),
        "en": ("Bug: the program closes when we post supplier invoices",
               "As soon as we post a supplier invoice the program closes without an error "
               "message. We cannot post any supplier invoices.", ()),
    },
}
