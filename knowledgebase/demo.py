"""Demo FAQ: the same questions in Swedish, Finnish and English, linked as translations.

Idempotent: every question has a fixed key, turned into a fixed translation group, so a
second run updates the articles instead of adding copies.
"""

from __future__ import annotations

import uuid

from customers.models import Module

from .models import Article, Language, Visibility
from .services import article_save, article_update

# Same names as customers/demo.py; used only when that app's demo has not run.
MODULE_NAMES = {
    "ledger": "Ekonomi / Talous", "invoicing": "Fakturering / Laskutus",
    "payroll": "Lön / Palkat", "projects": "Projekt / Projektit",
    "orders": "Order / Tilaukset", "stock": "Lager / Varasto",
    "service": "Service / Huolto", "time": "Tidrapport / Tuntiraportointi",
}
GROUP_NAMESPACE = uuid.UUID("6f1c2a4e-3b7d-4f0e-9a51-0c8e2d7b9a10")

PUBLIC = Visibility.PUBLIC
MODULE = Visibility.MODULE

# key, module code (None: general), visibility, {language: (question, answer in Markdown)}
ARTICLES: list[tuple[str, str | None, str, dict[str, tuple[str, str]]]] = [
    ("credit-invoice", "invoicing", PUBLIC, {
        "sv": ("Hur krediterar jag en faktura?",
               "Du krediterar aldrig genom att radera fakturan. Skapa i stället en "
               "kreditfaktura:\n\n"
               "1. Öppna **Försäljning › Fakturor** och sök fram fakturan.\n"
               "2. Välj **Kreditera**. Alla rader kopieras med negativa belopp.\n"
               "3. Ta bort de rader som inte ska krediteras och bokför.\n\n"
               "Kreditfakturan kopplas till den ursprungliga fakturan och kundreskontran "
               "stäms av automatiskt. Flera fakturor krediterar du en i taget."),
        "fi": ("Miten hyvitän laskun?",
               "Laskua ei hyvitetä poistamalla sitä. Tee sen sijaan hyvityslasku:\n\n"
               "1. Avaa **Myynti › Laskut** ja hae lasku.\n"
               "2. Valitse **Hyvitä**. Kaikki rivit kopioidaan negatiivisin summin.\n"
               "3. Poista rivit, joita ei hyvitetä, ja kirjaa.\n\n"
               "Hyvityslasku kytketään alkuperäiseen laskuun, ja myyntireskontra "
               "täsmäytetään automaattisesti. Useat laskut hyvitetään yksi kerrallaan."),
        "en": ("How do I credit an invoice?",
               "Never delete an invoice to credit it. Create a credit note instead:\n\n"
               "1. Open **Sales › Invoices** and find the invoice.\n"
               "2. Choose **Credit**. All lines are copied with negative amounts.\n"
               "3. Remove the lines that should not be credited, then post.\n\n"
               "The credit note is linked to the original invoice and the sales ledger "
               "is reconciled automatically."),
    }),
    ("e-invoices-not-sent", "invoicing", PUBLIC, {
        "sv": ("Varför skickas inte mina fakturor som e-fakturor?",
               "Fakturor skickas som e-faktura bara när kunden har en giltig "
               "**e-fakturaadress** (Peppol-id eller GLN) i kundregistret.\n\n"
               "- Kontrollera adressen under **Kund › Leveranssätt för faktura**.\n"
               "- Se loggen under **Fakturor › Utskickade** – där står varför en faktura "
               "stoppades.\n"
               "- Fakturor utan adress hamnar i kön för utskrift eller e-post."),
        "fi": ("Miksi laskujani ei lähetetä verkkolaskuina?",
               "Laskut lähtevät verkkolaskuina vain, jos asiakkaalla on voimassa oleva "
               "**verkkolaskuosoite** ja välittäjätunnus asiakasrekisterissä.\n\n"
               "- Tarkista osoite kohdasta **Asiakas › Laskun lähetystapa**.\n"
               "- Katso lokista **Laskut › Lähetetyt**, miksi lasku pysähtyi.\n"
               "- Laskut ilman osoitetta siirtyvät tulostus- tai sähköpostijonoon."),
        "en": ("Why are my invoices not sent as e-invoices?",
               "Invoices go out as e-invoices only when the customer has a valid "
               "**e-invoice address** (Peppol ID or operator code) in the customer register.\n\n"
               "- Check the address under **Customer › Invoice delivery**.\n"
               "- The log under **Invoices › Sent** says why an invoice was held back.\n"
               "- Invoices without an address go to the print or email queue."),
    }),
    ("invoice-layout", "invoicing", PUBLIC, {
        "sv": ("Hur ändrar jag logotypen och layouten på fakturan?",
               "Layouten för alla fakturor styrs av en **blankettmall**. Gå till "
               "**Inställningar › Blanketter › Faktura**, ladda upp logotypen (PNG eller "
               "SVG, högst 1 MB) och välj teckensnitt och sidfot. Ändringen gäller "
               "fakturor som skapas efter att du sparat; redan skickade fakturor ändras inte."),
        "fi": ("Miten muutan laskun logoa ja ulkoasua?",
               "Kaikkien laskujen ulkoasu määräytyy **lomakepohjasta**. Siirry kohtaan "
               "**Asetukset › Lomakkeet › Lasku**, lataa logo (PNG tai SVG, enintään 1 Mt) "
               "ja valitse fontti ja alatunniste. Muutos koskee tallennuksen jälkeen "
               "luotuja laskuja; jo lähetetyt laskut eivät muutu."),
        "en": ("How do I change the logo and layout of my invoices?",
               "The layout of every invoice comes from a **form template**. Go to "
               "**Settings › Forms › Invoice**, upload the logo (PNG or SVG, at most 1 MB) "
               "and choose the font and footer. Invoices created after you save use the "
               "new layout; invoices already sent do not change."),
    }),
    ("payment-reminder", "invoicing", PUBLIC, {
        "sv": ("Hur skickar jag en betalningspåminnelse?",
               "Öppna **Försäljning › Förfallna fakturor**. Markera fakturorna och välj "
               "**Skapa påminnelse**. Påminnelseavgift och dröjsmålsränta läggs till enligt "
               "inställningarna under **Inställningar › Kundreskontra**. En faktura som "
               "redan har fått två påminnelser föreslås för inkasso i stället."),
        "fi": ("Miten lähetän maksumuistutuksen?",
               "Avaa **Myynti › Erääntyneet laskut**. Valitse laskut ja sitten "
               "**Luo maksumuistutus**. Muistutusmaksu ja viivästyskorko lisätään "
               "asetusten **Asetukset › Myyntireskontra** mukaan. Jos laskusta on jo "
               "lähetetty kaksi muistutusta, sitä ehdotetaan perintään."),
        "en": ("How do I send a payment reminder?",
               "Open **Sales › Overdue invoices**, select the invoices and choose "
               "**Create reminder**. The reminder fee and late-payment interest follow "
               "**Settings › Sales ledger**. An invoice that already had two reminders is "
               "proposed for debt collection instead."),
    }),
    ("year-end-closing", "ledger", PUBLIC, {
        "sv": ("Hur gör jag bokslut och stänger räkenskapsåret?",
               "Bokslutet görs i tre steg under **Ekonomi › Bokslut**:\n\n"
               "1. Stäm av bank, kund- och leverantörsreskontra.\n"
               "2. Bokför periodiseringar och avskrivningar.\n"
               "3. Välj **Stäng räkenskapsår**. Ingående balanser för nästa år skapas "
               "automatiskt.\n\n"
               "Ett stängt år kan öppnas igen av en administratör om något måste rättas."),
        "fi": ("Miten teen tilinpäätöksen ja päätän tilikauden?",
               "Tilinpäätös tehdään kolmessa vaiheessa kohdassa **Talous › Tilinpäätös**:\n\n"
               "1. Täsmäytä pankki sekä myynti- ja ostoreskontra.\n"
               "2. Kirjaa jaksotukset ja poistot.\n"
               "3. Valitse **Päätä tilikausi**. Seuraavan tilikauden avaavat saldot "
               "luodaan automaattisesti.\n\n"
               "Pääkäyttäjä voi avata päätetyn tilikauden uudelleen, jos jotain on korjattava."),
        "en": ("How do I close the financial year?",
               "Year-end closing has three steps under **Ledger › Year-end**:\n\n"
               "1. Reconcile the bank and the sales and purchase ledgers.\n"
               "2. Post accruals and depreciation.\n"
               "3. Choose **Close financial year**. Opening balances for the next year are "
               "created automatically.\n\n"
               "An administrator can reopen a closed year if something must be corrected."),
    }),
    ("correct-voucher", "ledger", PUBLIC, {
        "sv": ("Hur rättar jag en bokförd verifikation?",
               "En bokförd verifikation kan inte ändras – det kräver bokföringslagen. "
               "Öppna verifikationen och välj **Rätta**: systemet skapar en "
               "rättelseverifikation som vänder den gamla och en ny med rätt konton. "
               "Båda hänvisar till originalet, så att revisorn kan följa ändringen."),
        "fi": ("Miten korjaan kirjatun tositteen?",
               "Kirjattua tositetta ei voi muuttaa – kirjanpitolaki edellyttää sitä. "
               "Avaa tosite ja valitse **Korjaa**: järjestelmä luo korjaustositteen, joka "
               "kumoaa vanhan, ja uuden tositteen oikeilla tileillä. Molemmat viittaavat "
               "alkuperäiseen, joten tilintarkastaja voi seurata muutosta."),
        "en": ("How do I correct a posted voucher?",
               "A posted voucher cannot be changed; accounting law requires that. Open "
               "the voucher and choose **Correct**: the system creates a reversing voucher "
               "and a new one with the right accounts. Both refer to the original, so the "
               "auditor can follow the change."),
    }),
    ("vat-return", "ledger", PUBLIC, {
        "sv": ("Hur skapar jag momsdeklarationen?",
               "Välj **Ekonomi › Moms › Ny momsrapport** och perioden. Rapporten "
               "summerar momskontona och visar rutorna i Skatteverkets blankett. Kontrollera "
               "differenser mot huvudboken innan du väljer **Lås period** – därefter kan "
               "inga fakturor bokföras i perioden."),
        "fi": ("Miten teen arvonlisäveroilmoituksen?",
               "Valitse **Talous › ALV › Uusi ALV-raportti** ja kausi. Raportti laskee "
               "yhteen arvonlisäverotilit ja näyttää OmaVeron ilmoituksen kentät. Tarkista "
               "erot pääkirjaan ennen kuin valitset **Lukitse kausi** – sen jälkeen kaudelle "
               "ei voi kirjata laskuja."),
        "en": ("How do I create the VAT return?",
               "Choose **Ledger › VAT › New VAT report** and the period. The report adds up "
               "the VAT accounts and shows the boxes of the tax authority's form. Check "
               "differences against the general ledger before you choose **Lock period**; "
               "after that no invoices can be posted in the period."),
    }),
    ("bank-statement-import", "ledger", PUBLIC, {
        "sv": ("Hur läser jag in kontoutdrag från banken?",
               "Hämta filen i ISO 20022-format (camt.053) från internetbanken och välj "
               "**Ekonomi › Bank › Läs in kontoutdrag**. Inbetalningar matchas mot "
               "kundfakturor via OCR-nummer; det som inte matchas hamnar i listan "
               "**Att avstämma**."),
        "fi": ("Miten tuon pankin tiliotteen?",
               "Lataa tiedosto verkkopankista ISO 20022 -muodossa (camt.053) ja valitse "
               "**Talous › Pankki › Tuo tiliote**. Suoritukset kohdistetaan myyntilaskuihin "
               "viitenumeron avulla; kohdistamattomat jäävät listalle **Täsmäytettävät**."),
        "en": ("How do I import a bank statement?",
               "Download the file in ISO 20022 format (camt.053) from your online bank and "
               "choose **Ledger › Bank › Import statement**. Payments are matched to sales "
               "invoices by their reference number; anything unmatched is listed under "
               "**To reconcile**."),
    }),
    ("new-employee", "payroll", PUBLIC, {
        "sv": ("Hur lägger jag upp en ny anställd?",
               "Välj **Lön › Personal › Ny anställd** och fyll i personnummer, "
               "anställningsform, lönetyp och bankkonto. Skattetabell och kolumn hämtas "
               "från Skatteverket vid nästa lönekörning. Glöm inte semesteravtalet om den "
               "anställde inte följer företagets standard."),
        "fi": ("Miten lisään uuden työntekijän?",
               "Valitse **Palkat › Henkilöstö › Uusi työntekijä** ja täytä henkilötunnus, "
               "työsuhteen tyyppi, palkkamuoto ja pankkitili. Verokortin tiedot haetaan "
               "Verohallinnon rajapinnasta seuraavassa palkka-ajossa. Muista vuosilomasopimus, "
               "jos työntekijä ei noudata yrityksen vakioehtoja."),
        "en": ("How do I add a new employee?",
               "Choose **Payroll › Staff › New employee** and enter the personal identity "
               "number, employment type, pay type and bank account. Tax details are fetched "
               "from the tax authority in the next payroll run."),
    }),
    ("correct-paid-salary", "payroll", MODULE, {
        "sv": ("Hur rättar jag en lön som redan är utbetald?",
               "En utbetald lön ändras inte i efterhand. Gör en **korrigeringslön** i "
               "nästa lönekörning: lägg till lönearten *Korrigering tidigare period* med "
               "rätt belopp. Arbetsgivardeklarationen för den gamla perioden rättas "
               "automatiskt när korrigeringen bokförs."),
        "fi": ("Miten korjaan jo maksetun palkan?",
               "Maksettua palkkaa ei muuteta jälkikäteen. Tee **korjauspalkka** seuraavassa "
               "palkka-ajossa: lisää palkkalaji *Aiemman kauden korjaus* oikealla summalla. "
               "Tulorekisteriin lähtee korjausilmoitus automaattisesti, kun korjaus kirjataan."),
        "en": ("How do I correct a salary that has already been paid?",
               "A paid salary is never changed afterwards. Make a **correction** in the next "
               "payroll run: add the pay item *Correction of earlier period* with the right "
               "amount. The employer's report for the old period is corrected automatically."),
    }),
    ("tax-tables", "payroll", PUBLIC, {
        "sv": ("Hur uppdaterar jag skattetabellerna inför ett nytt år?",
               "Skattetabellerna uppdateras automatiskt i december när du installerar "
               "årsuppdateringen. Kontrollera under **Lön › Inställningar › Skattetabeller** "
               "att rätt år visas innan den första lönekörningen i januari."),
        "fi": ("Miten päivitän verokortit uudelle vuodelle?",
               "Uudet verokortit haetaan automaattisesti Verohallinnosta, kun asennat "
               "vuosipäivityksen joulukuussa. Tarkista kohdasta **Palkat › Asetukset › "
               "Verokortit**, että oikea vuosi näkyy ennen tammikuun ensimmäistä palkka-ajoa."),
        "en": ("How do I update tax tables for a new year?",
               "Tax tables update automatically when you install the annual update in "
               "December. Check **Payroll › Settings › Tax tables** shows the right year "
               "before the first payroll run in January."),
    }),
    ("project-milestone-invoicing", "projects", PUBLIC, {
        "sv": ("Hur fakturerar jag ett projekt i delbetalningar?",
               "Lägg upp en **betalningsplan** på projektet under **Projekt › Ekonomi**. "
               "Varje delbetalning får ett datum eller en milstolpe. När milstolpen "
               "markeras som klar skapas ett fakturaunderlag; fakturorna samlas under "
               "**Att fakturera**. Löpande räkning och fast pris kan kombineras i samma projekt."),
        "fi": ("Miten laskutan projektin maksuerissä?",
               "Luo projektille **maksusuunnitelma** kohdassa **Projektit › Talous**. "
               "Jokaiselle maksuerälle annetaan päivämäärä tai välitavoite. Kun välitavoite "
               "merkitään valmiiksi, syntyy laskutusaineisto; laskut kootaan kohtaan "
               "**Laskutettavat**. Samassa projektissa voi yhdistää tuntityön ja kiinteän hinnan."),
        "en": ("How do I invoice a project in instalments?",
               "Add a **payment plan** to the project under **Projects › Finance**. Each "
               "instalment gets a date or a milestone. When a milestone is marked done, an "
               "invoice basis is created and listed under **To invoice**."),
    }),
    ("project-profitability", "projects", MODULE, {
        "sv": ("Var ser jag projektets lönsamhet?",
               "Rapporten **Projekt › Uppföljning** visar intäkter, kostnader, "
               "upparbetat och ofakturerat per projekt och delprojekt. Kostnader för tid "
               "räknas med internpriset från personalregistret. Exportera till Excel för "
               "egna analyser."),
        "fi": ("Mistä näen projektin kannattavuuden?",
               "Raportti **Projektit › Seuranta** näyttää tuotot, kulut, tehdyn työn ja "
               "laskuttamattoman osuuden projekteittain ja osaprojekteittain. Työtuntien "
               "kulut lasketaan henkilörekisterin sisäisellä hinnalla. Voit viedä raportin "
               "Exceliin omia analyyseja varten."),
        "en": ("Where can I see a project's profitability?",
               "The report **Projects › Follow-up** shows revenue, costs, work in progress "
               "and uninvoiced amounts per project and subproject. Hours are costed at the "
               "internal rate from the staff register."),
    }),
    ("quote-to-order", "orders", PUBLIC, {
        "sv": ("Hur gör jag om en offert till en order?",
               "Öppna offerten och välj **Skapa order**. Rader, priser och rabatter "
               "följer med, och offerten markeras som accepterad. Ändringar som kunden "
               "begär efteråt gör du direkt i ordern; offerten behålls som den skickades."),
        "fi": ("Miten muutan tarjouksen tilaukseksi?",
               "Avaa tarjous ja valitse **Luo tilaus**. Rivit, hinnat ja alennukset "
               "siirtyvät tilaukselle, ja tarjous merkitään hyväksytyksi. Asiakkaan myöhemmin "
               "pyytämät muutokset tehdään suoraan tilaukseen; tarjous säilyy sellaisena kuin "
               "se lähetettiin."),
        "en": ("How do I turn a quote into an order?",
               "Open the quote and choose **Create order**. Lines, prices and discounts "
               "are copied and the quote is marked accepted. Later changes go into the "
               "order; the quote stays as it was sent."),
    }),
    ("partial-delivery", "orders", PUBLIC, {
        "sv": ("Hur levererar jag en order i flera delar?",
               "Ange levererat antal per rad i **Leverera** och spara. Resten ligger kvar "
               "som restorder. Varje delleverans kan faktureras för sig, eller samlas på "
               "en faktura när ordern är slutlevererad – välj i kundens inställningar."),
        "fi": ("Miten toimitan tilauksen osissa?",
               "Syötä toimitettu määrä riveittäin kohdassa **Toimita** ja tallenna. "
               "Loput jäävät jälkitoimitukseksi. Jokaisen osatoimituksen voi laskuttaa "
               "erikseen tai koota yhdelle laskulle, kun tilaus on toimitettu kokonaan."),
        "en": ("How do I deliver an order in several parts?",
               "Enter the delivered quantity per line under **Deliver** and save. The rest "
               "stays as a back order. Each partial delivery can be invoiced separately or "
               "collected on one invoice when the order is complete."),
    }),
    ("stocktaking", "stock", PUBLIC, {
        "sv": ("Hur gör jag en inventering?",
               "Skapa en inventeringslista under **Lager › Inventering**, för hela lagret "
               "eller per lagerplats. Skriv ut listan eller räkna med mobilappen. När du "
               "godkänner inventeringen bokförs differenserna mot kontot för "
               "lagerförändring."),
        "fi": ("Miten teen inventaarion?",
               "Luo inventaariolista kohdassa **Varasto › Inventaario** koko varastolle tai "
               "varastopaikoittain. Tulosta lista tai laske mobiilisovelluksella. Kun "
               "hyväksyt inventaarion, erot kirjataan varastonmuutostilille."),
        "en": ("How do I do a stocktake?",
               "Create a count list under **Stock › Stocktaking**, for the whole warehouse "
               "or per location. Print it or count with the mobile app. When you approve "
               "the count, differences are posted to the stock change account."),
    }),
    ("negative-stock", "stock", MODULE, {
        "sv": ("Varför visar lagersaldot ett negativt antal?",
               "Ett negativt saldo betyder att fler artiklar har levererats än vad som "
               "har registrerats in i lagret. Vanliga orsaker är inleveranser som inte "
               "har bokats eller leveranser från fel lagerplats. Rapporten "
               "**Lager › Transaktioner** visar i vilken ordning händelserna skedde."),
        "fi": ("Miksi varastosaldo on negatiivinen?",
               "Negatiivinen saldo tarkoittaa, että tuotteita on toimitettu enemmän kuin "
               "varastoon on kirjattu. Tavallisia syitä ovat kirjaamattomat saapumiset tai "
               "toimitukset väärästä varastopaikasta. Raportti **Varasto › Tapahtumat** "
               "näyttää, missä järjestyksessä tapahtumat kirjattiin."),
        "en": ("Why does the stock balance show a negative quantity?",
               "A negative balance means more items were delivered than were received into "
               "stock. Common causes are unregistered goods receipts or deliveries from the "
               "wrong location. **Stock › Transactions** shows the order of events."),
    }),
    ("service-order", "service", PUBLIC, {
        "sv": ("Hur skapar jag en serviceorder?",
               "Välj **Service › Ny serviceorder**, ange kund, anläggning och felbeskrivning "
               "och tilldela en tekniker. Teknikern ser ordern i mobilappen, rapporterar tid "
               "och material och kan låta kunden signera på plats. Materialet faktureras med "
               "ordern."),
        "fi": ("Miten luon huoltotilauksen?",
               "Valitse **Huolto › Uusi huoltotilaus**, anna asiakas, kohde ja vian kuvaus "
               "ja osoita asentaja. Asentaja näkee tilauksen mobiilisovelluksessa, kirjaa "
               "tunnit ja tarvikkeet ja voi pyytää asiakkaan allekirjoituksen paikan päällä. "
               "Tarvikkeet laskutetaan tilauksen mukana."),
        "en": ("How do I create a service order?",
               "Choose **Service › New service order**, enter the customer, site and fault "
               "description and assign a technician, who sees it in the mobile app and "
               "reports time and material there."),
    }),
    ("service-contract-invoicing", "service", PUBLIC, {
        "sv": ("Hur faktureras serviceavtal automatiskt?",
               "Varje serviceavtal har en faktureringsperiod (månad, kvartal eller år). "
               "Körningen **Service › Avtalsfakturering** skapar fakturor för alla avtal "
               "som ska faktureras i perioden. Indexuppräkning görs en gång per år enligt "
               "avtalets index."),
        "fi": ("Miten huoltosopimukset laskutetaan automaattisesti?",
               "Jokaisella huoltosopimuksella on laskutusjakso (kuukausi, neljännesvuosi tai "
               "vuosi). Ajo **Huolto › Sopimuslaskutus** luo laskut kaikista sopimuksista, "
               "jotka laskutetaan jaksolla. Indeksitarkistus tehdään kerran vuodessa "
               "sopimuksen indeksin mukaan."),
        "en": ("How are service contracts invoiced automatically?",
               "Each service contract has an invoicing period (month, quarter or year). The "
               "run **Service › Contract invoicing** creates invoices for every contract due "
               "in the period."),
    }),
    ("time-mobile", "time", PUBLIC, {
        "sv": ("Hur rapporterar jag tid i mobilen?",
               "Logga in i mobilappen med samma användare som i webben. Välj projekt eller "
               "serviceorder, aktivitet och antal timmar. Rapporterad tid syns direkt i "
               "tidrapporten och kan ändras tills den är attesterad."),
        "fi": ("Miten kirjaan tunnit mobiilissa?",
               "Kirjaudu mobiilisovellukseen samalla käyttäjällä kuin selaimessa. Valitse "
               "projekti tai huoltotilaus, työlaji ja tuntimäärä. Kirjatut tunnit näkyvät "
               "heti tuntiraportilla, ja niitä voi muuttaa, kunnes ne on hyväksytty."),
        "en": ("How do I report time on my phone?",
               "Log in to the mobile app with the same user as on the web. Choose a project "
               "or service order, the activity and the hours. Reported time shows in the "
               "timesheet at once and can be changed until it is approved."),
    }),
    ("approve-time", "time", PUBLIC, {
        "sv": ("Hur attesterar jag tidrapporter?",
               "Under **Tidrapport › Attest** ser du veckans rapporter för dina anställda. "
               "Markera och välj **Attestera**. Attesterad tid går vidare till lön och till "
               "fakturering av projekt; en felaktig rad skickar du tillbaka med en kommentar."),
        "fi": ("Miten hyväksyn tuntikirjaukset?",
               "Kohdassa **Tuntiraportointi › Hyväksyntä** näet alaistesi viikon kirjaukset. "
               "Valitse ne ja sitten **Hyväksy**. Hyväksytyt tunnit siirtyvät palkanlaskentaan "
               "ja projektien laskutukseen; virheellisen rivin voit palauttaa kommentilla."),
        "en": ("How do I approve timesheets?",
               "Under **Time › Approval** you see the week's timesheets of your staff. Select "
               "them and choose **Approve**. Approved time goes on to payroll and project "
               "invoicing; send a wrong line back with a comment."),
    }),
    ("reset-password", None, PUBLIC, {
        "sv": ("Hur återställer jag mitt lösenord?",
               "Välj **Glömt lösenord?** på inloggningssidan och ange din e-postadress. Du "
               "får en länk som gäller i 24 timmar. Lösenordet måste ha minst tio tecken och "
               "får inte vara ett vanligt lösenord."),
        "fi": ("Miten vaihdan unohtuneen salasanan?",
               "Valitse kirjautumissivulla **Unohditko salasanan?** ja anna "
               "sähköpostiosoitteesi. Saat linkin, joka on voimassa 24 tuntia. Salasanassa "
               "on oltava vähintään kymmenen merkkiä, eikä se saa olla yleinen salasana."),
        "en": ("How do I reset my password?",
               "Choose **Forgot password?** on the login page and enter your email address. "
               "You get a link that is valid for 24 hours. The password needs at least ten "
               "characters and must not be a common one."),
    }),
    ("support-login", None, PUBLIC, {
        "sv": ("Hur ger jag supporten inloggning till vårt system?",
               "Supporten loggar aldrig in hos er utan ert uttryckliga godkännande. När en "
               "specialist behöver se ert system får du en förfrågan i ärendet; godkänn den "
               "under **Mina ärenden**. Behörigheten gäller bara det ärendet och kan dras "
               "tillbaka när som helst."),
        "fi": ("Miten annan tuelle kirjautumisoikeuden järjestelmäämme?",
               "Tuki ei kirjaudu järjestelmäänne ilman nimenomaista lupaanne. Kun asiantuntija "
               "tarvitsee pääsyn, saat pyynnön tukipyyntöön; hyväksy se kohdassa "
               "**Omat tukipyynnöt**. Oikeus koskee vain kyseistä tukipyyntöä, ja voit perua "
               "sen milloin tahansa."),
        "en": ("How do I give support a login to our system?",
               "Support never logs in to your system without your explicit consent. When a "
               "specialist needs access, you get a request in the case; approve it under "
               "**My cases**. The access covers only that case and can be revoked at any time."),
    }),
    ("question-or-order", None, PUBLIC, {
        "sv": ("Vad är skillnaden mellan en supportfråga och en beställning?",
               "En **supportfråga** gäller hur programmet fungerar och ingår i avtalet. En "
               "**beställning** är arbete som utförs åt er, till exempel en ny blankett eller "
               "en import, och faktureras. Innan debiterbart arbete börjar får ni alltid en "
               "kostnadsuppskattning att godkänna. Fakturor för beställningar skickas när "
               "arbetet är levererat."),
        "fi": ("Mikä ero on tukipyynnöllä ja työtilauksella?",
               "**Tukipyyntö** koskee ohjelman toimintaa ja sisältyy sopimukseen. "
               "**Työtilaus** on teille tehtävää työtä, esimerkiksi uusi lomake tai tuonti, "
               "ja se laskutetaan. Ennen laskutettavan työn alkua saatte aina "
               "kustannusarvion hyväksyttäväksi. Laskut työtilauksista lähetetään, kun työ "
               "on toimitettu."),
        "en": ("What is the difference between a support question and an order?",
               "A **support question** is about how the software works and is included in "
               "your agreement. An **order** is work done for you, such as a new form or an "
               "import, and is billed. You always get a cost estimate to accept before "
               "billable work starts."),
    }),
]


def group_for(key: str) -> uuid.UUID:
    return uuid.uuid5(GROUP_NAMESPACE, key)


def load(stdout) -> None:
    modules: dict[str, Module] = {}
    for code in {module for _key, module, _vis, _texts in ARTICLES if module}:
        modules[code], _ = Module.objects.get_or_create(
            code=code, defaults={"name": MODULE_NAMES.get(code, code.title())}
        )
    created = updated = 0
    for key, module_code, visibility, texts in ARTICLES:
        group = group_for(key)
        module = modules[module_code] if module_code else None
        for language in (Language.SWEDISH, Language.FINNISH, Language.ENGLISH):
            question, answer = texts[language]
            existing = Article.objects.filter(translation_group=group, language=language).first()
            if existing is None:
                article_save(article=Article(
                    question=question, answer=answer, language=language, module=module,
                    visibility=visibility, is_published=True, translation_group=group,
                ))
                created += 1
            else:
                article_update(article=existing, data={
                    "question": question, "answer": answer, "module": module,
                    "visibility": visibility, "is_published": True,
                })
                updated += 1
    stdout.write(f"Knowledge base: {created} FAQ articles created, {updated} refreshed.")
