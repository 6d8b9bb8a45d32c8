<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name></name>
    <message>
        <source>Esc  Dismiss</source>
        <translation>Esc  Schließen</translation>
    </message>
    <message>
        <source>Enter  {value}</source>
        <translation>Enter  {value}</translation>
    </message>
    <message>
        <source>Esc  No</source>
        <translation>Esc  Nein</translation>
    </message>
    <message>
        <source>That barcode is not a gift card ({reason}).</source>
        <translation>Dieser Barcode ist keine Geschenkkarte ({reason}).</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>Kunden</translation>
    </message>
    <message>
        <source>Find the customer by phone (or its last four digits) or name. Esc: back to the sale.</source>
        <translation>Kunden über Telefonnummer (oder deren letzte vier Ziffern) oder Namen suchen. Esc: zurück zum Verkauf.</translation>
    </message>
    <message>
        <source>Phone or name</source>
        <translation>Telefon oder Name</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>Suchen</translation>
    </message>
    <message>
        <source>Back to sale</source>
        <translation>Zurück zum Verkauf</translation>
    </message>
    <message>
        <source>No customer chosen</source>
        <translation>Kein Kunde gewählt</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Karte</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>Guthaben</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Hinweise</translation>
    </message>
    <message>
        <source>Pay with preferred card</source>
        <translation>Mit bevorzugter Karte zahlen</translation>
    </message>
    <message>
        <source>Pay with selected card</source>
        <translation>Mit gewählter Karte zahlen</translation>
    </message>
    <message>
        <source>Make preferred</source>
        <translation>Als bevorzugt festlegen</translation>
    </message>
    <message>
        <source>Scan or type a card to save it</source>
        <translation>Karte scannen oder eintippen, um sie zu speichern</translation>
    </message>
    <message>
        <source>Save to account</source>
        <translation>Im Kundenkonto speichern</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <source>E-mail (optional)</source>
        <translation>E-Mail (optional)</translation>
    </message>
    <message>
        <source>Add customer</source>
        <translation>Kunde anlegen</translation>
    </message>
    <message>
        <source>New customer</source>
        <translation>Neuer Kunde</translation>
    </message>
    <message>
        <source>Card scanned.</source>
        <translation>Karte gescannt.</translation>
    </message>
    <message>
        <source>Press Save to account to keep it on this customer.</source>
        <translation>„Im Kundenkonto speichern“ drücken, um sie diesem Kunden zuzuordnen.</translation>
    </message>
    <message>
        <source>Find the customer first, then press Save to account.</source>
        <translation>Zuerst den Kunden suchen, dann „Im Kundenkonto speichern“ drücken.</translation>
    </message>
    <message>
        <source>Type a phone number or a name first.</source>
        <translation>Zuerst eine Telefonnummer oder einen Namen eingeben.</translation>
    </message>
    <message>
        <source>No customer found.</source>
        <translation>Kein Kunde gefunden.</translation>
    </message>
    <message>
        <source>Check the number, or add them below.</source>
        <translation>Nummer prüfen oder den Kunden unten anlegen.</translation>
    </message>
    <message>
        <source>This customer</source>
        <translation>Dieser Kunde</translation>
    </message>
    <message>
        <source>{value} has no saved card.</source>
        <translation>{value} hat keine gespeicherte Karte.</translation>
    </message>
    <message>
        <source>Scan a card and press Save to account.</source>
        <translation>Karte scannen und „Im Kundenkonto speichern“ drücken.</translation>
    </message>
    <message>
        <source>Start the sale first: ring up the items, then pay with the customer&apos;s card.</source>
        <translation>Zuerst den Verkauf beginnen: Artikel erfassen, dann mit der Karte des Kunden zahlen.</translation>
    </message>
    <message>
        <source>Pick a card in the list first.</source>
        <translation>Zuerst eine Karte in der Liste wählen.</translation>
    </message>
    <message>
        <source>Choose the customer and scan the card first.</source>
        <translation>Zuerst den Kunden wählen und die Karte scannen.</translation>
    </message>
    <message>
        <source>Card {card} saved to the account.</source>
        <translation>Karte {card} im Kundenkonto gespeichert.</translation>
    </message>
    <message>
        <source>Customers ({shortcut})</source>
        <translation>Kunden ({shortcut})</translation>
    </message>
    <message>
        <source>Birthday gift</source>
        <translation>Geburtstagsgeschenk</translation>
    </message>
    <message>
        <source>Small balance</source>
        <translation>Kleines Guthaben</translation>
    </message>
    <message>
        <source>Big spender</source>
        <translation>Großkunde</translation>
    </message>
    <message>
        <source>Reload me</source>
        <translation>Zum Aufladen</translation>
    </message>
    <message>
        <source>Empty card</source>
        <translation>Leere Karte</translation>
    </message>
    <message>
        <source>New card to sell</source>
        <translation>Neue Karte zum Verkaufen</translation>
    </message>
    <message>
        <source>DEMO CARDS</source>
        <translation>DEMO-KARTEN</translation>
    </message>
    <message>
        <source>Scan or Swipe sends a card through the virtual scanner or magstripe reader; or type its number in the entry field.</source>
        <translation>„Scannen“ oder „Durchziehen“ schickt eine Karte durch den virtuellen Scanner oder Magnetstreifenleser; oder ihre Nummer ins Eingabefeld tippen.</translation>
    </message>
    <message>
        <source>Scan {last4}</source>
        <translation>Scannen {last4}</translation>
    </message>
    <message>
        <source>Swipe</source>
        <translation>Ziehen</translation>
    </message>
    <message>
        <source>EMBEDDED LEDGER</source>
        <translation>EINGEBAUTES HAUPTBUCH</translation>
    </message>
    <message>
        <source>No ledger: this demo trades offline only.</source>
        <translation>Kein Hauptbuch: diese Demo verkauft nur offline.</translation>
    </message>
    <message>
        <source>VIRTUAL SCANNER</source>
        <translation>VIRTUELLER SCANNER</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keiner</translation>
    </message>
    <message>
        <source>FROM A SHELL</source>
        <translation>AUS EINER SHELL</translation>
    </message>
    <message>
        <source>not sold yet</source>
        <translation>noch nicht verkauft</translation>
    </message>
    <message>
        <source>Up on {url}. Take it down to watch the till trade offline, then the sync.</source>
        <translation>Läuft auf {url}. Abschalten, um die Kasse offline verkaufen zu sehen, danach den Abgleich.</translation>
    </message>
    <message>
        <source>Take the ledger down</source>
        <translation>Hauptbuch abschalten</translation>
    </message>
    <message>
        <source>Down: the till trades offline and keeps its entries for the sync.</source>
        <translation>Abgeschaltet: die Kasse verkauft offline und hält ihre Buchungen für den Abgleich bereit.</translation>
    </message>
    <message>
        <source>Bring the ledger back</source>
        <translation>Hauptbuch wieder starten</translation>
    </message>
    <message>
        <source>The card&apos;s own program</source>
        <translation>Eigenes Programm der Karte</translation>
    </message>
    <message>
        <source>Print a card</source>
        <translation>Karte drucken</translation>
    </message>
    <message>
        <source>Scan or type the card number</source>
        <translation>Kartennummer scannen oder eintippen</translation>
    </message>
    <message>
        <source>Full number on the card (e-gift)</source>
        <translation>Vollständige Nummer auf der Karte (E-Geschenk)</translation>
    </message>
    <message>
        <source>Scan or type a card to see it</source>
        <translation>Karte scannen oder eintippen, um sie anzuzeigen</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Anzeigen</translation>
    </message>
    <message>
        <source>Save PNG…</source>
        <translation>PNG speichern…</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG-Bild (*.png)</translation>
    </message>
    <message>
        <source>Save PDF…</source>
        <translation>PDF speichern…</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Receipt printer</source>
        <translation>Bondrucker</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Design</source>
        <translation>Gestaltung</translation>
    </message>
    <message>
        <source>Save the card</source>
        <translation>Karte speichern</translation>
    </message>
    <message>
        <source>No receipt printer is set up on this terminal.</source>
        <translation>An dieser Kasse ist kein Bondrucker eingerichtet.</translation>
    </message>
    <message>
        <source>Card designs</source>
        <translation>Kartengestaltung</translation>
    </message>
    <message>
        <source>Card programs give cards their title, amount, expiry and cover.</source>
        <translation>Kartenprogramme geben Karten Titel, Betrag, Ablaufdatum und Motiv.</translation>
    </message>
    <message>
        <source>Program</source>
        <translation>Programm</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Betrag</translation>
    </message>
    <message>
        <source>Expiry</source>
        <translation>Ablauf</translation>
    </message>
    <message>
        <source>Cover</source>
        <translation>Motiv</translation>
    </message>
    <message>
        <source>code, e.g. holiday-2026</source>
        <translation>Kürzel, z. B. feiertag-2026</translation>
    </message>
    <message>
        <source>Title printed on the card</source>
        <translation>Titel auf der Karte</translation>
    </message>
    <message>
        <source>Default amount ({currency})</source>
        <translation>Standardbetrag ({currency})</translation>
    </message>
    <message>
        <source>Never expires</source>
        <translation>Läuft nie ab</translation>
    </message>
    <message>
        <source> months</source>
        <translation> Monate</translation>
    </message>
    <message>
        <source>Add program</source>
        <translation>Programm anlegen</translation>
    </message>
    <message>
        <source>New program</source>
        <translation>Neues Programm</translation>
    </message>
    <message>
        <source>Cards: </source>
        <translation>Karten: </translation>
    </message>
    <message>
        <source>Unsold stock (activated when sold)</source>
        <translation>Lagerbestand (beim Verkauf aktiviert)</translation>
    </message>
    <message>
        <source>Issue from selected program</source>
        <translation>Aus gewähltem Programm ausgeben</translation>
    </message>
    <message>
        <source>Print a card…</source>
        <translation>Karte drucken…</translation>
    </message>
    <message>
        <source>Cover: {name}</source>
        <translation>Motiv: {name}</translation>
    </message>
    <message>
        <source>Program {title} added.</source>
        <translation>Programm {title} angelegt.</translation>
    </message>
    <message>
        <source>Select it to issue cards.</source>
        <translation>Auswählen, um Karten auszugeben.</translation>
    </message>
    <message>
        <source>Select a program first.</source>
        <translation>Zuerst ein Programm wählen.</translation>
    </message>
    <message>
        <source>Issued {len} card(s) from {title}.</source>
        <translation>{len} Karte(n) aus {title} ausgegeben.</translation>
    </message>
    <message>
        <source>Print each one with Print a card.</source>
        <translation>Jede mit „Karte drucken“ drucken.</translation>
    </message>
    <message>
        <source>Card saved to {path}.</source>
        <translation>Karte gespeichert unter {path}.</translation>
    </message>
    <message>
        <source>Card sent to the printer.</source>
        <translation>Karte an den Drucker geschickt.</translation>
    </message>
    <message>
        <source>giftpos — {terminal_id}</source>
        <translation>giftpos — {terminal_id}</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>Bitte warten…</translation>
    </message>
    <message>
        <source>Scan or swipe it again, or type the number.</source>
        <translation>Erneut scannen oder durchziehen, oder die Nummer eintippen.</translation>
    </message>
    <message>
        <source>The ledger is back.</source>
        <translation>Das Hauptbuch ist wieder erreichbar.</translation>
    </message>
    <message>
        <source>Sales made offline are being sent to it now.</source>
        <translation>Offline getätigte Verkäufe werden jetzt übertragen.</translation>
    </message>
    <message>
        <source>The ledger is not answering: this terminal is working offline.</source>
        <translation>Das Hauptbuch antwortet nicht: diese Kasse arbeitet offline.</translation>
    </message>
    <message>
        <source>Carry on selling: gift cards are taken within the offline limits and sent to the ledger when it is back.</source>
        <translation>Weiter verkaufen: Geschenkkarten werden innerhalb der Offline-Grenzen angenommen und an das Hauptbuch übertragen, sobald es wieder da ist.</translation>
    </message>
    <message>
        <source>Sale complete.</source>
        <translation>Verkauf abgeschlossen.</translation>
    </message>
    <message>
        <source>Give {change} change.</source>
        <translation>{change} Wechselgeld geben.</translation>
    </message>
    <message>
        <source>Receipt printed.</source>
        <translation>Bon gedruckt.</translation>
    </message>
    <message>
        <source>Receipt on screen: F11.</source>
        <translation>Bon am Bildschirm: F11.</translation>
    </message>
    <message>
        <source>Returned {show}.</source>
        <translation>{show} erstattet.</translation>
    </message>
    <message>
        <source>A sale is open</source>
        <translation>Ein Verkauf ist offen</translation>
    </message>
    <message>
        <source>A sale of {total} is still open with {paid} paid. Close the till anyway?</source>
        <translation>Ein Verkauf über {total} ist noch offen, {paid} bezahlt. Kasse trotzdem schließen?</translation>
    </message>
    <message>
        <source>A sale of {total} is still open. Close the till anyway?</source>
        <translation>Ein Verkauf über {total} ist noch offen. Kasse trotzdem schließen?</translation>
    </message>
    <message>
        <source>The sale stays open (card holds included) and comes back when the till starts again. To end it now, keep selling and finish (F12) or cancel (F8) it.</source>
        <translation>Der Verkauf bleibt offen (samt Kartenreservierungen) und erscheint beim nächsten Start wieder. Um ihn jetzt zu beenden, weiter verkaufen und abschließen (F12) oder stornieren (F8).</translation>
    </message>
    <message>
        <source>Keep selling</source>
        <translation>Weiter verkaufen</translation>
    </message>
    <message>
        <source>Close anyway</source>
        <translation>Trotzdem schließen</translation>
    </message>
    <message>
        <source>Why (kept in the journal)</source>
        <translation>Grund (wird im Journal vermerkt)</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Scan or type another card, Enter</source>
        <translation>Weitere Karte scannen oder eintippen, Enter</translation>
    </message>
    <message>
        <source>Cards</source>
        <translation>Karten</translation>
    </message>
    <message>
        <source>Enter  {confirm}</source>
        <translation>Enter  {confirm}</translation>
    </message>
    <message>
        <source>Esc  Cancel</source>
        <translation>Esc  Abbrechen</translation>
    </message>
    <message>
        <source>Card {masked} is already in the list.</source>
        <translation>Karte {masked} ist schon in der Liste.</translation>
    </message>
    <message>
        <source>Balance before</source>
        <translation>Guthaben vorher</translation>
    </message>
    <message>
        <source>Balance after</source>
        <translation>Guthaben nachher</translation>
    </message>
    <message>
        <source>Every action</source>
        <translation>Alle Aktionen</translation>
    </message>
    <message>
        <source>Person (asked or approved)</source>
        <translation>Person (angefragt oder genehmigt)</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>Till</source>
        <translation>Kasse</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Asked by</source>
        <translation>Angefragt von</translation>
    </message>
    <message>
        <source>Approved by</source>
        <translation>Genehmigt von</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Einzelheiten</translation>
    </message>
    <message>
        <source>‹ Newer</source>
        <translation>‹ Neuere</translation>
    </message>
    <message>
        <source>Older ›</source>
        <translation>Ältere ›</translation>
    </message>
    <message>
        <source>Audit trail</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Every manager action and approval, and every refused PIN.</source>
        <translation>Jede Aktion und Genehmigung einer Leitung und jede abgelehnte PIN.</translation>
    </message>
    <message>
        <source>Page {len}</source>
        <translation>Seite {len}</translation>
    </message>
    <message>
        <source>frozen</source>
        <translation>gesperrt</translation>
    </message>
    <message>
        <source>unfrozen</source>
        <translation>entsperrt</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>storniert</translation>
    </message>
    <message>
        <source>adjusted</source>
        <translation>korrigiert</translation>
    </message>
    <message>
        <source>moved to a new card</source>
        <translation>auf eine neue Karte übertragen</translation>
    </message>
    <message>
        <source>combined</source>
        <translation>zusammengeführt</translation>
    </message>
    <message>
        <source>re-activated</source>
        <translation>reaktiviert</translation>
    </message>
    <message>
        <source>by key</source>
        <translation>per Schlüssel</translation>
    </message>
    <message>
        <source>Look a card up first.</source>
        <translation>Zuerst eine Karte nachschlagen.</translation>
    </message>
    <message>
        <source>Freeze card {masked}</source>
        <translation>Karte {masked} sperren</translation>
    </message>
    <message>
        <source>Unfreeze card {masked}</source>
        <translation>Karte {masked} entsperren</translation>
    </message>
    <message>
        <source>Cancel card {masked}</source>
        <translation>Karte {masked} stornieren</translation>
    </message>
    <message>
        <source>Frozen</source>
        <translation>Gesperrt</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Storniert</translation>
    </message>
    <message>
        <source>Freeze</source>
        <translation>Sperren</translation>
    </message>
    <message>
        <source>Unfreeze</source>
        <translation>Entsperren</translation>
    </message>
    <message>
        <source>Cancel card</source>
        <translation>Karte stornieren</translation>
    </message>
    <message>
        <source>A frozen card cannot pay or be reloaded until a manager unfreezes it. Its balance stays on it.</source>
        <translation>Eine gesperrte Karte kann nicht zahlen oder aufgeladen werden, bis die Leitung sie entsperrt. Ihr Guthaben bleibt erhalten.</translation>
    </message>
    <message>
        <source>The card can pay again. If it was frozen for an overspend, adjust its balance first.</source>
        <translation>Die Karte kann wieder zahlen. Wurde sie wegen Überziehung gesperrt, zuerst ihr Guthaben korrigieren.</translation>
    </message>
    <message>
        <source>A cancelled card can never be used again. Move its balance to a new card first if the customer keeps it.</source>
        <translation>Eine stornierte Karte ist nie wieder nutzbar. Behält der Kunde das Guthaben, es zuerst auf eine neue Karte übertragen.</translation>
    </message>
    <message>
        <source>Type the amount to add (or -amount to take off).</source>
        <translation>Betrag zum Aufbuchen eingeben (oder -Betrag zum Abbuchen).</translation>
    </message>
    <message>
        <source>Say why: the reason stays in the journal.</source>
        <translation>Grund angeben: er bleibt im Journal.</translation>
    </message>
    <message>
        <source>An adjustment cannot take the card below zero.</source>
        <translation>Eine Korrektur kann die Karte nicht unter null bringen.</translation>
    </message>
    <message>
        <source>Adjust card {masked}</source>
        <translation>Karte {masked} korrigieren</translation>
    </message>
    <message>
        <source>Add value, or take it off with a minus sign. The reason is kept in the card&apos;s journal.</source>
        <translation>Guthaben aufbuchen oder mit Minuszeichen abbuchen. Der Grund wird im Journal der Karte vermerkt.</translation>
    </message>
    <message>
        <source>e.g. 5.00 or -5.00</source>
        <translation>z. B. 5,00 oder -5,00</translation>
    </message>
    <message>
        <source>Adjust</source>
        <translation>Korrigieren</translation>
    </message>
    <message>
        <source>Move between {show} and {show2}.</source>
        <translation>Zwischen {show} und {show2} übertragen.</translation>
    </message>
    <message>
        <source>New card</source>
        <translation>Neue Karte</translation>
    </message>
    <message>
        <source>printed on the receipt</source>
        <translation>auf dem Bon gedruckt</translation>
    </message>
    <message>
        <source>Move card {masked} to a new card</source>
        <translation>Karte {masked} auf eine neue Karte übertragen</translation>
    </message>
    <message>
        <source>A new card is issued with the amount (all of it when left empty); an emptied card is cancelled.</source>
        <translation>Eine neue Karte wird mit dem Betrag ausgegeben (bei leerem Feld alles); eine geleerte Karte wird gesperrt.</translation>
    </message>
    <message>
        <source>all of it ({amount})</source>
        <translation>alles ({amount})</translation>
    </message>
    <message>
        <source>Move</source>
        <translation>Übertragen</translation>
    </message>
    <message>
        <source>Scan or type the cards to combine into this one.</source>
        <translation>Die Karten scannen oder eintippen, die in diese zusammengeführt werden.</translation>
    </message>
    <message>
        <source>keeps the balance</source>
        <translation>behält das Guthaben</translation>
    </message>
    <message>
        <source>Combine into card {masked}</source>
        <translation>In Karte {masked} zusammenführen</translation>
    </message>
    <message>
        <source>The balances of the other cards move onto this one; they can no longer be used.</source>
        <translation>Die Guthaben der anderen Karten gehen auf diese über; jene sind danach nicht mehr nutzbar.</translation>
    </message>
    <message>
        <source>Combine</source>
        <translation>Zusammenführen</translation>
    </message>
    <message>
        <source>Only an expired card can be re-activated.</source>
        <translation>Nur eine abgelaufene Karte kann reaktiviert werden.</translation>
    </message>
    <message>
        <source>what expired comes back</source>
        <translation>das Verfallene kommt zurück</translation>
    </message>
    <message>
        <source>Re-activate card {masked}</source>
        <translation>Karte {masked} reaktivieren</translation>
    </message>
    <message>
        <source>Where the program allows it, the card comes back with what expired on it.</source>
        <translation>Wo das Programm es erlaubt, kommt die Karte mit dem verfallenen Guthaben zurück.</translation>
    </message>
    <message>
        <source>Re-activate</source>
        <translation>Reaktivieren</translation>
    </message>
    <message>
        <source>Unknown action {action}.</source>
        <translation>Unbekannte Aktion {action}.</translation>
    </message>
    <message>
        <source>balance {show} → {show2}; {reason}</source>
        <translation>Guthaben {show} → {show2}; {reason}</translation>
    </message>
    <message>
        <source>Card {masked} {what}: {before} → {after}.</source>
        <translation>Karte {masked} {what}: {before} → {after}.</translation>
    </message>
    <message>
        <source>lost</source>
        <translation>verloren</translation>
    </message>
    <message>
        <source>damaged</source>
        <translation>beschädigt</translation>
    </message>
    <message>
        <source>stolen</source>
        <translation>gestohlen</translation>
    </message>
    <message>
        <source>Activate range…</source>
        <translation>Nummernbereich aktivieren…</translation>
    </message>
    <message>
        <source>Replace card…</source>
        <translation>Karte ersetzen…</translation>
    </message>
    <message>
        <source>Pay out in cash…</source>
        <translation>Bar auszahlen…</translation>
    </message>
    <message>
        <source>Activate a printed range</source>
        <translation>Gedruckten Nummernbereich aktivieren</translation>
    </message>
    <message>
        <source>First number</source>
        <translation>Erste Nummer</translation>
    </message>
    <message>
        <source>Last number</source>
        <translation>Letzte Nummer</translation>
    </message>
    <message>
        <source>Amount on each</source>
        <translation>Betrag pro Karte</translation>
    </message>
    <message>
        <source>Replace a lost or damaged card</source>
        <translation>Verlorene oder beschädigte Karte ersetzen</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Cash-out of a small balance</source>
        <translation>Barauszahlung eines kleinen Restguthabens</translation>
    </message>
    <message>
        <source>Activated {count} cards {first} .. {last}, {show} each.</source>
        <translation>{count} Karten {first} .. {last} aktiviert, je {show}.</translation>
    </message>
    <message>
        <source>range {mask} to {mask2}</source>
        <translation>Bereich {mask} bis {mask2}</translation>
    </message>
    <message>
        <source>{out} cancelled ({why}); {show} moved to the new card {get}.</source>
        <translation>{out} gesperrt ({why}); {show} auf die neue Karte {get} übertragen.</translation>
    </message>
    <message>
        <source>Pay out {show} in cash for {card}; the card is now empty.</source>
        <translation>{show} bar ausgezahlt für {card}; die Karte ist jetzt leer.</translation>
    </message>
    <message>
        <source>Card jobs</source>
        <translation>Kartenaufträge</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>Artikel</translation>
    </message>
    <message>
        <source>Ctrl+L  Lock</source>
        <translation>Strg+L  Sperren</translation>
    </message>
    <message>
        <source>Esc  Back to sale</source>
        <translation>Esc  Zurück zum Verkauf</translation>
    </message>
    <message>
        <source>Manager console</source>
        <translation>Leitungskonsole</translation>
    </message>
    <message>
        <source>Signed in: {name} ({role})</source>
        <translation>Angemeldet: {name} ({role})</translation>
    </message>
    <message>
        <source>No staff accounts yet: add a manager in Staff</source>
        <translation>Noch keine Konten: unter „Personal“ eine Leitung anlegen</translation>
    </message>
    <message>
        <source>Nobody signed in</source>
        <translation>Niemand angemeldet</translation>
    </message>
    <message>
        <source>For managers</source>
        <translation>Für die Leitung</translation>
    </message>
    <message>
        <source>Barcode {code} scanned.</source>
        <translation>Barcode {code} gescannt.</translation>
    </message>
    <message>
        <source>Open Items to add it to the item list.</source>
        <translation>„Artikel“ öffnen, um ihn zur Artikelliste hinzuzufügen.</translation>
    </message>
    <message>
        <source>Test {name}</source>
        <translation>{name} testen</translation>
    </message>
    <message>
        <source>{kind} on {value} at {baudrate} baud, frames end with {terminator}. Scan or swipe a card: each read shows below, masked.</source>
        <translation>{kind} an {value} mit {baudrate} Baud, Rahmen enden mit {terminator}. Karte scannen oder durchziehen: jede Lesung erscheint unten, maskiert.</translation>
    </message>
    <message>
        <source>Esc  Close</source>
        <translation>Esc  Schließen</translation>
    </message>
    <message>
        <source>Scheduled</source>
        <translation>Geplant</translation>
    </message>
    <message>
        <source>Retrying</source>
        <translation>Wird wiederholt</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Gesendet</translation>
    </message>
    <message>
        <source>To</source>
        <translation>An</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Send at</source>
        <translation>Senden um</translation>
    </message>
    <message>
        <source>Tries</source>
        <translation>Versuche</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Letzter Fehler</translation>
    </message>
    <message>
        <source>Sent at</source>
        <translation>Gesendet um</translation>
    </message>
    <message>
        <source>Resend selected</source>
        <translation>Gewählte erneut senden</translation>
    </message>
    <message>
        <source>{len} e-gifts, {waiting} waiting to go out</source>
        <translation>{len} E-Geschenke, {waiting} warten auf Versand</translation>
    </message>
    <message>
        <source>Pick an e-gift to resend.</source>
        <translation>Ein E-Geschenk zum erneuten Senden wählen.</translation>
    </message>
    <message>
        <source>E-gifts</source>
        <translation>E-Geschenke</translation>
    </message>
    <message>
        <source>Manager  Ctrl+M</source>
        <translation>Leitung  Strg+M</translation>
    </message>
    <message>
        <source>The till is locked</source>
        <translation>Die Kasse ist gesperrt</translation>
    </message>
    <message>
        <source>Sign in with your name and PIN to carry on.</source>
        <translation>Mit Namen und PIN anmelden, um fortzufahren.</translation>
    </message>
    <message>
        <source>Ctrl+L  Sign in</source>
        <translation>Strg+L  Anmelden</translation>
    </message>
    <message>
        <source>All entries</source>
        <translation>Alle Buchungen</translation>
    </message>
    <message>
        <source>Loads and sales</source>
        <translation>Aufladungen und Verkäufe</translation>
    </message>
    <message>
        <source>Refunds and voids</source>
        <translation>Erstattungen und Stornos</translation>
    </message>
    <message>
        <source>Manager repairs</source>
        <translation>Korrekturen der Leitung</translation>
    </message>
    <message>
        <source>Offline only</source>
        <translation>Nur offline</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>Ausgegeben</translation>
    </message>
    <message>
        <source>Activated</source>
        <translation>Aktiviert</translation>
    </message>
    <message>
        <source>Loaded</source>
        <translation>Aufgeladen</translation>
    </message>
    <message>
        <source>Redeemed</source>
        <translation>Eingelöst</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>Reserviert</translation>
    </message>
    <message>
        <source>Captured</source>
        <translation>Abgebucht</translation>
    </message>
    <message>
        <source>Released</source>
        <translation>Freigegeben</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>Erstattet</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>Storniert</translation>
    </message>
    <message>
        <source>Adjusted</source>
        <translation>Korrigiert</translation>
    </message>
    <message>
        <source>Transferred out</source>
        <translation>Übertragen (ab)</translation>
    </message>
    <message>
        <source>Transferred in</source>
        <translation>Übertragen (zu)</translation>
    </message>
    <message>
        <source>Combined out</source>
        <translation>Zusammengeführt (ab)</translation>
    </message>
    <message>
        <source>Combined in</source>
        <translation>Zusammengeführt (zu)</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Abgelaufen</translation>
    </message>
    <message>
        <source>Status change</source>
        <translation>Statusänderung</translation>
    </message>
    <message>
        <source>Spent to zero</source>
        <translation>Aufgebraucht</translation>
    </message>
    <message>
        <source>Not sold yet</source>
        <translation>Noch nicht verkauft</translation>
    </message>
    <message>
        <source>Combined into another card</source>
        <translation>In eine andere Karte zusammengeführt</translation>
    </message>
    <message>
        <source>Adjust…</source>
        <translation>Korrigieren…</translation>
    </message>
    <message>
        <source>To a new card…</source>
        <translation>Auf neue Karte…</translation>
    </message>
    <message>
        <source>Combine…</source>
        <translation>Zusammenführen…</translation>
    </message>
    <message>
        <source>Card number</source>
        <translation>Kartennummer</translation>
    </message>
    <message>
        <source>Card key</source>
        <translation>Kartenschlüssel</translation>
    </message>
    <message>
        <source>Scan, swipe or type the card number</source>
        <translation>Kartennummer scannen, durchziehen oder eintippen</translation>
    </message>
    <message>
        <source>Enter  Look up</source>
        <translation>Enter  Nachschlagen</translation>
    </message>
    <message>
        <source>No card yet</source>
        <translation>Noch keine Karte</translation>
    </message>
    <message>
        <source>Repairs</source>
        <translation>Korrekturen</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Was</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>Card lookup</source>
        <translation>Karte nachschlagen</translation>
    </message>
    <message>
        <source>Scan, swipe or type a card (or its key) to see its balance, history and repairs.</source>
        <translation>Karte (oder ihren Schlüssel) scannen, durchziehen oder eintippen, um Guthaben, Verlauf und Korrekturen zu sehen.</translation>
    </message>
    <message>
        <source>Type the card&apos;s key</source>
        <translation>Schlüssel der Karte eintippen</translation>
    </message>
    <message>
        <source>Card {masked}</source>
        <translation>Karte {masked}</translation>
    </message>
    <message>
        <source>Currency {currency}</source>
        <translation>Währung {currency}</translation>
    </message>
    <message>
        <source>expires {date}</source>
        <translation>läuft ab am {date}</translation>
    </message>
    <message>
        <source>no expiry</source>
        <translation>kein Ablaufdatum</translation>
    </message>
    <message>
        <source>has a key</source>
        <translation>hat einen Schlüssel</translation>
    </message>
    <message>
        <source>no key</source>
        <translation>kein Schlüssel</translation>
    </message>
    <message>
        <source>Flagged for a manager: it was used offline beyond its balance or while not usable. Check the history, then adjust or unfreeze.</source>
        <translation>Für die Leitung markiert: offline über das Guthaben hinaus oder in unbrauchbarem Zustand benutzt. Verlauf prüfen, dann korrigieren oder entsperren.</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>offline</translation>
    </message>
    <message>
        <source>Page {page}</source>
        <translation>Seite {page}</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Choose a name and type the PIN.</source>
        <translation>Namen wählen und PIN eingeben.</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Anmelden</translation>
    </message>
    <message>
        <source>Choose your name and type your PIN.</source>
        <translation>Namen wählen und PIN eingeben.</translation>
    </message>
    <message>
        <source>The till is locked until someone signs in.</source>
        <translation>Die Kasse bleibt gesperrt, bis sich jemand anmeldet.</translation>
    </message>
    <message>
        <source>Enter  Sign in</source>
        <translation>Enter  Anmelden</translation>
    </message>
    <message>
        <source>{who} asks to {what}.</source>
        <translation>{who} bittet um: {what}.</translation>
    </message>
    <message>
        <source>Approval to {what}.</source>
        <translation>Genehmigung für: {what}.</translation>
    </message>
    <message>
        <source>Manager approval</source>
        <translation>Genehmigung der Leitung</translation>
    </message>
    <message>
        <source>A manager types their PIN to approve.</source>
        <translation>Eine Leitung gibt zur Genehmigung ihre PIN ein.</translation>
    </message>
    <message>
        <source>Enter  Approve</source>
        <translation>Enter  Genehmigen</translation>
    </message>
    <message>
        <source>Business day (Z)</source>
        <translation>Geschäftstag (Z)</translation>
    </message>
    <message>
        <source>Liability</source>
        <translation>Verbindlichkeiten</translation>
    </message>
    <message>
        <source>Offline exceptions</source>
        <translation>Offline-Ausnahmen</translation>
    </message>
    <message>
        <source>Terminals</source>
        <translation>Kassen</translation>
    </message>
    <message>
        <source>Business date</source>
        <translation>Geschäftstag</translation>
    </message>
    <message>
        <source>Cancelled sales</source>
        <translation>Stornierte Verkäufe</translation>
    </message>
    <message>
        <source>Cash expected after cash-outs</source>
        <translation>Erwartetes Bargeld nach Auszahlungen</translation>
    </message>
    <message>
        <source>Cash expected in drawer</source>
        <translation>Erwartetes Bargeld in der Lade</translation>
    </message>
    <message>
        <source>Cash paid out for cash-outs</source>
        <translation>Bar ausgezahlt (Restguthaben)</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>Kassierer</translation>
    </message>
    <message>
        <source>Change given</source>
        <translation>Ausgegebenes Wechselgeld</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Tag</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>Kennzahl</translation>
    </message>
    <message>
        <source>Gift card cash-outs</source>
        <translation>Barauszahlungen von Geschenkkarten</translation>
    </message>
    <message>
        <source>Gift card redemptions</source>
        <translation>Einlösungen von Geschenkkarten</translation>
    </message>
    <message>
        <source>Gift card redemptions, value</source>
        <translation>Einlösungen von Geschenkkarten, Wert</translation>
    </message>
    <message>
        <source>Gift cards sold</source>
        <translation>Verkaufte Geschenkkarten</translation>
    </message>
    <message>
        <source>Gift cards sold, value</source>
        <translation>Verkaufte Geschenkkarten, Wert</translation>
    </message>
    <message>
        <source>Matches the journal</source>
        <translation>Stimmt mit dem Journal überein</translation>
    </message>
    <message>
        <source>NO — call support</source>
        <translation>NEIN — Support rufen</translation>
    </message>
    <message>
        <source>Refunds in cash</source>
        <translation>Erstattungen in bar</translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation>Erstattungen</translation>
    </message>
    <message>
        <source>Refunds, value</source>
        <translation>Erstattungen, Wert</translation>
    </message>
    <message>
        <source>Reloads</source>
        <translation>Aufladungen</translation>
    </message>
    <message>
        <source>Reloads, value</source>
        <translation>Aufladungen, Wert</translation>
    </message>
    <message>
        <source>Sales by cashier</source>
        <translation>Verkäufe nach Kassierer</translation>
    </message>
    <message>
        <source>Sales by tender</source>
        <translation>Verkäufe nach Zahlungsart</translation>
    </message>
    <message>
        <source>Sales over the day</source>
        <translation>Verkäufe im Tagesverlauf</translation>
    </message>
    <message>
        <source>Sales still open</source>
        <translation>Noch offene Verkäufe</translation>
    </message>
    <message>
        <source>Sales total</source>
        <translation>Verkaufssumme</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>Verkäufe</translation>
    </message>
    <message>
        <source>Section</source>
        <translation>Abschnitt</translation>
    </message>
    <message>
        <source>Store credit issued</source>
        <translation>Ausgegebenes Guthaben</translation>
    </message>
    <message>
        <source>Tender</source>
        <translation>Zahlungsart</translation>
    </message>
    <message>
        <source>Terminal</source>
        <translation>Kasse</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Summe</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Voided sales</source>
        <translation>Stornierte Verkäufe (nachträglich)</translation>
    </message>
    <message>
        <source>Voided, value</source>
        <translation>Storniert, Wert</translation>
    </message>
    <message>
        <source>Z report</source>
        <translation>Z-Bericht</translation>
    </message>
    <message>
        <source>Gift cards</source>
        <translation>Geschenkkarten</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>Bar</translation>
    </message>
    <message>
        <source>Other payments</source>
        <translation>Andere Zahlungen</translation>
    </message>
    <message>
        <source>Outstanding liability</source>
        <translation>Offene Verbindlichkeiten</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>Währung</translation>
    </message>
    <message>
        <source>Outstanding</source>
        <translation>Offen</translation>
    </message>
    <message>
        <source>Overdrawn</source>
        <translation>Überzogen</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Hinweis</translation>
    </message>
    <message>
        <source>Exceptions by kind</source>
        <translation>Ausnahmen nach Art</translation>
    </message>
    <message>
        <source>Entries pushed</source>
        <translation>Übertragene Buchungen</translation>
    </message>
    <message>
        <source>Cursor</source>
        <translation>Position</translation>
    </message>
    <message>
        <source>Waiting to sync</source>
        <translation>Warten auf Abgleich</translation>
    </message>
    <message>
        <source>Oldest waiting</source>
        <translation>Älteste wartende</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Versuche</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Ja</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Nein</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>Filiale</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Berichte</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>CSV exportieren…</translation>
    </message>
    <message>
        <source>Print Z report</source>
        <translation>Z-Bericht drucken</translation>
    </message>
    <message>
        <source>Close the day</source>
        <translation>Tag abschließen</translation>
    </message>
    <message>
        <source>Business day {date}</source>
        <translation>Geschäftstag {date}</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>abgeschlossen</translation>
    </message>
    <message>
        <source>open</source>
        <translation>offen</translation>
    </message>
    <message>
        <source>This terminal&apos;s sales, checked against its journal: they match.</source>
        <translation>Die Verkäufe dieser Kasse, mit ihrem Journal abgeglichen: sie stimmen überein.</translation>
    </message>
    <message>
        <source>This terminal&apos;s sales, checked against its journal: they DO NOT match — call support before closing.</source>
        <translation>Die Verkäufe dieser Kasse, mit ihrem Journal abgeglichen: sie stimmen NICHT überein — vor dem Abschluss den Support rufen.</translation>
    </message>
    <message>
        <source>Print X report</source>
        <translation>X-Bericht drucken</translation>
    </message>
    <message>
        <source>Figures</source>
        <translation>Kennzahlen</translation>
    </message>
    <message>
        <source>By cashier</source>
        <translation>Nach Kassierer</translation>
    </message>
    <message>
        <source>From the central ledger.</source>
        <translation>Aus dem zentralen Hauptbuch.</translation>
    </message>
    <message>
        <source>From this terminal&apos;s own store.</source>
        <translation>Aus dem eigenen Speicher dieser Kasse.</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>CSV exportieren</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>{current} to {name}</source>
        <translation>{current} nach {name}</translation>
    </message>
    <message>
        <source>Exported to {written}.</source>
        <translation>Exportiert nach {written}.</translation>
    </message>
    <message>
        <source>Z {isoformat}</source>
        <translation>Z {isoformat}</translation>
    </message>
    <message>
        <source>Report printed.</source>
        <translation>Bericht gedruckt.</translation>
    </message>
    <message>
        <source>Business day {isoformat} closed.</source>
        <translation>Geschäftstag {isoformat} abgeschlossen.</translation>
    </message>
    <message>
        <source>New sales belong to the next day. Print the Z report.</source>
        <translation>Neue Verkäufe zählen zum nächsten Tag. Z-Bericht drucken.</translation>
    </message>
    <message>
        <source>Close the business day?</source>
        <translation>Geschäftstag abschließen?</translation>
    </message>
    <message>
        <source>The Z report is frozen as it is now and later sales count for the next day. Open sales must be finished first.</source>
        <translation>Der Z-Bericht wird im jetzigen Stand festgeschrieben; spätere Verkäufe zählen zum nächsten Tag. Offene Verkäufe müssen vorher abgeschlossen sein.</translation>
    </message>
    <message>
        <source>idle or locked by hand</source>
        <translation>Leerlauf oder von Hand gesperrt</translation>
    </message>
    <message>
        <source>Signed in: {name} ({role}).</source>
        <translation>Angemeldet: {name} ({role}).</translation>
    </message>
    <message>
        <source>Ctrl+L locks the till; Ctrl+M opens the console.</source>
        <translation>Strg+L sperrt die Kasse; Strg+M öffnet die Konsole.</translation>
    </message>
    <message>
        <source>Nobody is signed in. Sign in first (Ctrl+L).</source>
        <translation>Niemand ist angemeldet. Zuerst anmelden (Strg+L).</translation>
    </message>
    <message>
        <source>There is no manager account to approve this.</source>
        <translation>Es gibt kein Leitungskonto, das dies genehmigen kann.</translation>
    </message>
    <message>
        <source>Not approved: nobody may {describe} without a manager.</source>
        <translation>Nicht genehmigt: ohne Leitung darf niemand {describe}.</translation>
    </message>
    <message>
        <source>terminal id</source>
        <translation>Kassen-ID</translation>
    </message>
    <message>
        <source>store id</source>
        <translation>Filial-ID</translation>
    </message>
    <message>
        <source>database</source>
        <translation>Datenbank</translation>
    </message>
    <message>
        <source>language and formats</source>
        <translation>Sprache und Formate</translation>
    </message>
    <message>
        <source>currency</source>
        <translation>Währung</translation>
    </message>
    <message>
        <source>ledger</source>
        <translation>Hauptbuch</translation>
    </message>
    <message>
        <source>offline limits</source>
        <translation>Offline-Grenzen</translation>
    </message>
    <message>
        <source>checkout</source>
        <translation>Kassiervorgang</translation>
    </message>
    <message>
        <source>card formats</source>
        <translation>Kartenformate</translation>
    </message>
    <message>
        <source>optional: repairs and chain-wide reports</source>
        <translation>optional: Korrekturen und kettenweite Berichte</translation>
    </message>
    <message>
        <source>https://ledger.example:8443 (empty: offline only)</source>
        <translation>https://ledger.example:8443 (leer: nur offline)</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Take gift cards while the ledger is unreachable</source>
        <translation>Geschenkkarten annehmen, wenn das Hauptbuch nicht erreichbar ist</translation>
    </message>
    <message>
        <source>tcp://192.168.1.50:9100, serial:///dev/ttyS0, dummy://</source>
        <translation>tcp://192.168.1.50:9100, serial:///dev/ttyS0, dummy://</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>Port URL</source>
        <translation>Port-URL</translation>
    </message>
    <message>
        <source>Baud</source>
        <translation>Baud</translation>
    </message>
    <message>
        <source>Ends with</source>
        <translation>Endet mit</translation>
    </message>
    <message>
        <source>Prefix</source>
        <translation>Präfix</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>Länge</translation>
    </message>
    <message>
        <source>Luhn check</source>
        <translation>Luhn-Prüfung</translation>
    </message>
    <message>
        <source>This terminal</source>
        <translation>Diese Kasse</translation>
    </message>
    <message>
        <source>Terminal id</source>
        <translation>Kassen-ID</translation>
    </message>
    <message>
        <source>Store id</source>
        <translation>Filial-ID</translation>
    </message>
    <message>
        <source>Locale</source>
        <translation>Sprache/Region</translation>
    </message>
    <message>
        <source>Central ledger</source>
        <translation>Zentrales Hauptbuch</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Zugangsschlüssel</translation>
    </message>
    <message>
        <source>Manager token</source>
        <translation>Leitungsschlüssel</translation>
    </message>
    <message>
        <source>Timeout</source>
        <translation>Zeitlimit</translation>
    </message>
    <message>
        <source>Offline limits</source>
        <translation>Offline-Grenzen</translation>
    </message>
    <message>
        <source>Per sale</source>
        <translation>Pro Verkauf</translation>
    </message>
    <message>
        <source>Per card</source>
        <translation>Pro Karte</translation>
    </message>
    <message>
        <source>Per terminal</source>
        <translation>Pro Kasse</translation>
    </message>
    <message>
        <source>Screen</source>
        <translation>Bildschirm</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>Farbschema</translation>
    </message>
    <message>
        <source>Font size</source>
        <translation>Schriftgröße</translation>
    </message>
    <message>
        <source>Lock when idle after</source>
        <translation>Bei Leerlauf sperren nach</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>Geräte</translation>
    </message>
    <message>
        <source>Add device</source>
        <translation>Gerät hinzufügen</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Test device</source>
        <translation>Gerät testen</translation>
    </message>
    <message>
        <source>Card formats the scanner and reader accept:</source>
        <translation>Kartenformate, die Scanner und Leser annehmen:</translation>
    </message>
    <message>
        <source>Add format</source>
        <translation>Format hinzufügen</translation>
    </message>
    <message>
        <source>Printer URL</source>
        <translation>Drucker-URL</translation>
    </message>
    <message>
        <source>One line per line of the address</source>
        <translation>Eine Zeile pro Adresszeile</translation>
    </message>
    <message>
        <source>Printed on every receipt with a gift card</source>
        <translation>Auf jedem Bon mit einer Geschenkkarte gedruckt</translation>
    </message>
    <message>
        <source>Business name</source>
        <translation>Firmenname</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Tax number</source>
        <translation>Steuernummer</translation>
    </message>
    <message>
        <source>Gift card terms</source>
        <translation>Geschenkkarten-Bedingungen</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>Verwerfen</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>Saved to {path}</source>
        <translation>Gespeichert unter {path}</translation>
    </message>
    <message>
        <source>Device {text}: the baud rate is a number like 9600.</source>
        <translation>Gerät {text}: die Baudrate ist eine Zahl wie 9600.</translation>
    </message>
    <message>
        <source>The ledger URL starts with https:// (or http://).</source>
        <translation>Die Hauptbuch-URL beginnt mit https:// (oder http://).</translation>
    </message>
    <message>
        <source>Two devices have the same name.</source>
        <translation>Zwei Geräte haben denselben Namen.</translation>
    </message>
    <message>
        <source>A card format&apos;s length is 4 to 32 digits.</source>
        <translation>Die Länge eines Kartenformats beträgt 4 bis 32 Ziffern.</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>Einstellungen gespeichert.</translation>
    </message>
    <message>
        <source>Restart the terminal for: {what}.</source>
        <translation>Kasse neu starten für: {what}.</translation>
    </message>
    <message>
        <source>They are in effect now.</source>
        <translation>Sie gelten ab sofort.</translation>
    </message>
    <message>
        <source>Add a device first.</source>
        <translation>Zuerst ein Gerät hinzufügen.</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>Leitung</translation>
    </message>
    <message>
        <source>4 to 8 digits</source>
        <translation>4 bis 8 Ziffern</translation>
    </message>
    <message>
        <source>Add someone or set a PIN</source>
        <translation>Person anlegen oder PIN setzen</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>Last sign-in</source>
        <translation>Letzte Anmeldung</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Anlegen</translation>
    </message>
    <message>
        <source>Set PIN</source>
        <translation>PIN setzen</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation>Deaktivieren</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Personal</translation>
    </message>
    <message>
        <source>Cashiers sell and look cards up; refunds, voids, adjustments and freezing need a manager&apos;s PIN; the rest of this console is for managers. Three wrong PINs in a row lock an account for a while, longer each time.</source>
        <translation>Kassierer verkaufen und schlagen Karten nach; Erstattungen, Stornos, Korrekturen und Sperren brauchen die PIN einer Leitung; der Rest dieser Konsole ist der Leitung vorbehalten. Dreimal falsche PIN hintereinander sperrt ein Konto für eine Weile, jedes Mal länger.</translation>
    </message>
    <message>
        <source>active</source>
        <translation>aktiv</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>deaktiviert</translation>
    </message>
    <message>
        <source>locked until {time}</source>
        <translation>gesperrt bis {time}</translation>
    </message>
    <message>
        <source>The first account is a manager&apos;s: someone must be able to approve refunds and open Staff and Settings.</source>
        <translation>Das erste Konto gehört einer Leitung: jemand muss Erstattungen genehmigen und Personal und Einstellungen öffnen können.</translation>
    </message>
    <message>
        <source>added as {role}</source>
        <translation>als {role} angelegt</translation>
    </message>
    <message>
        <source>new PIN set</source>
        <translation>neue PIN gesetzt</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Artikel</translation>
    </message>
    <message>
        <source>Barcode</source>
        <translation>Barcode</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Preis</translation>
    </message>
    <message>
        <source>Scan the product or type its code</source>
        <translation>Produkt scannen oder Code eingeben</translation>
    </message>
    <message>
        <source>e.g. 4.50</source>
        <translation>z. B. 4,50</translation>
    </message>
    <message>
        <source>/path/to/items.csv  (code,description,price)</source>
        <translation>/pfad/zu/artikel.csv  (Code,Bezeichnung,Preis)</translation>
    </message>
    <message>
        <source>Add or change an item</source>
        <translation>Artikel anlegen oder ändern</translation>
    </message>
    <message>
        <source>Save item</source>
        <translation>Artikel speichern</translation>
    </message>
    <message>
        <source>Take off the list</source>
        <translation>Von der Liste nehmen</translation>
    </message>
    <message>
        <source>Import a CSV</source>
        <translation>CSV importieren</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Importieren</translation>
    </message>
    <message>
        <source>A product&apos;s barcode scanned at the till adds its item at this price; type 3* first for three of it. A gift card scanned is still taken as a card.</source>
        <translation>Ein an der Kasse gescannter Produkt-Barcode erfasst seinen Artikel zu diesem Preis; vorher 3* eingeben für drei Stück. Eine gescannte Geschenkkarte wird weiterhin als Karte angenommen.</translation>
    </message>
    <message>
        <source>Scan it at the till to sell it.</source>
        <translation>An der Kasse scannen, um ihn zu verkaufen.</translation>
    </message>
    <message>
        <source>Items imported: {added} new, {changed} changed, {left} left out.</source>
        <translation>Artikel importiert: {added} neu, {changed} geändert, {left} ausgelassen.</translation>
    </message>
    <message>
        <source>Items imported: {added} new, {changed} changed.</source>
        <translation>Artikel importiert: {added} neu, {changed} geändert.</translation>
    </message>
    <message>
        <source>There is no file at {source}.</source>
        <translation>Unter {source} gibt es keine Datei.</translation>
    </message>
    <message>
        <source>No item with the barcode {code} is on the item list.</source>
        <translation>Kein Artikel mit dem Barcode {code} steht auf der Artikelliste.</translation>
    </message>
    <message>
        <source>Take payment for it (cash F3, other F4).</source>
        <translation>Zahlung dafür annehmen (bar F3, andere F4).</translation>
    </message>
    <message>
        <source>There is no sale open.</source>
        <translation>Es ist kein Verkauf offen.</translation>
    </message>
    <message>
        <source>can give offline</source>
        <translation>kann offline geben</translation>
    </message>
    <message>
        <source>has</source>
        <translation>hat</translation>
    </message>
    <message>
        <source>Card {masked} {what} {has} — take it and collect the rest?</source>
        <translation>Karte {masked} {what} {has} — annehmen und den Rest anders kassieren?</translation>
    </message>
    <message>
        <source>Enter takes {has}; {rest} will still be due. Esc: another payment.</source>
        <translation>Enter nimmt {has}; {rest} bleiben offen. Esc: andere Zahlung.</translation>
    </message>
    <message>
        <source>Take {has}</source>
        <translation>{has} annehmen</translation>
    </message>
    <message>
        <source>Card •••• {number} already pays {show} of this sale; it has nothing more.</source>
        <translation>Karte •••• {number} zahlt bereits {show} dieses Verkaufs; mehr hat sie nicht.</translation>
    </message>
    <message>
        <source>Card {masked} is empty ({show}).</source>
        <translation>Karte {masked} ist leer ({show}).</translation>
    </message>
    <message>
        <source>Take {given} in cash for {show} due?</source>
        <translation>{given} bar für {show} offen annehmen?</translation>
    </message>
    <message>
        <source>That is {change} change. Enter takes it; Esc: type the amount again.</source>
        <translation>Das sind {change} Wechselgeld. Enter nimmt es an; Esc: Betrag neu eingeben.</translation>
    </message>
    <message>
        <source>Take {given}</source>
        <translation>{given} annehmen</translation>
    </message>
    <message>
        <source>Cancel this sale? {total} held on {value} {cards} goes back.</source>
        <translation>Diesen Verkauf stornieren? {total}, reserviert auf {value} {cards}, gehen zurück.</translation>
    </message>
    <message>
        <source>Enter cancels the sale and releases every hold; Esc: keep selling.</source>
        <translation>Enter storniert den Verkauf und gibt alle Reservierungen frei; Esc: weiter verkaufen.</translation>
    </message>
    <message>
        <source>Cancel sale</source>
        <translation>Storno</translation>
    </message>
    <message>
        <source>There is no sale to cancel.</source>
        <translation>Es gibt keinen Verkauf zum Stornieren.</translation>
    </message>
    <message>
        <source>Sale cancelled. Every card hold was released.</source>
        <translation>Verkauf storniert. Alle Kartenreservierungen wurden freigegeben.</translation>
    </message>
    <message>
        <source>Pay out {show} in cash for card {card}.</source>
        <translation>{show} bar für Karte {card} auszahlen.</translation>
    </message>
    <message>
        <source>Its balance is now {show}.</source>
        <translation>Ihr Guthaben ist jetzt {show}.</translation>
    </message>
    <message>
        <source>There is no receipt yet.</source>
        <translation>Es gibt noch keinen Bon.</translation>
    </message>
    <message>
        <source>There is no sale to reprint yet.</source>
        <translation>Es gibt noch keinen Verkauf zum Nachdrucken.</translation>
    </message>
    <message>
        <source>Receipt reprinted.</source>
        <translation>Bon nachgedruckt.</translation>
    </message>
    <message>
        <source>Receipt shown (no printer).</source>
        <translation>Bon angezeigt (kein Drucker).</translation>
    </message>
    <message>
        <source>Active — can pay</source>
        <translation>Aktiv — kann zahlen</translation>
    </message>
    <message>
        <source>Spent to zero — can be reloaded</source>
        <translation>Aufgebraucht — kann aufgeladen werden</translation>
    </message>
    <message>
        <source>Not sold yet — sell it with F6</source>
        <translation>Noch nicht verkauft — mit F6 verkaufen</translation>
    </message>
    <message>
        <source>Frozen — ask a manager</source>
        <translation>Gesperrt — Leitung fragen</translation>
    </message>
    <message>
        <source>Expired — ask a manager</source>
        <translation>Abgelaufen — Leitung fragen</translation>
    </message>
    <message>
        <source>Cancelled — cannot be used</source>
        <translation>Storniert — nicht nutzbar</translation>
    </message>
    <message>
        <source>Balance check</source>
        <translation>Guthabenabfrage</translation>
    </message>
    <message>
        <source>Scan, swipe or type a gift card. Nothing is charged.</source>
        <translation>Geschenkkarte scannen, durchziehen oder eintippen. Es wird nichts abgebucht.</translation>
    </message>
    <message>
        <source>Enter  Check</source>
        <translation>Enter  Abfragen</translation>
    </message>
    <message>
        <source>F1  Cash out</source>
        <translation>F1  Bar auszahlen</translation>
    </message>
    <message>
        <source>Pay a small balance out in cash from the drawer</source>
        <translation>Ein kleines Restguthaben bar aus der Lade auszahlen</translation>
    </message>
    <message>
        <source>Card •••• {tail}</source>
        <translation>Karte •••• {tail}</translation>
    </message>
    <message>
        <source>Gift card</source>
        <translation>Geschenkkarte</translation>
    </message>
    <message>
        <source>Other payment</source>
        <translation>Andere Zahlung</translation>
    </message>
    <message>
        <source>Sell card</source>
        <translation>Karte verkaufen</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Aufladen</translation>
    </message>
    <message>
        <source>Returns</source>
        <translation>Rückgabe</translation>
    </message>
    <message>
        <source>Reprint</source>
        <translation>Nachdruck</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>Bon</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Abschließen</translation>
    </message>
    <message>
        <source>Card terminal</source>
        <translation>Kartenterminal</translation>
    </message>
    <message>
        <source>manual</source>
        <translation>manuell</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Andere</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>Zahlung</translation>
    </message>
    <message>
        <source>Taken</source>
        <translation>Betrag</translation>
    </message>
    <message>
        <source>Balance left</source>
        <translation>Rest</translation>
    </message>
    <message>
        <source>Del  Remove</source>
        <translation>Entf  Entfernen</translation>
    </message>
    <message>
        <source>Payments</source>
        <translation>Zahlungen</translation>
    </message>
    <message>
        <source>Sale</source>
        <translation>Verkauf</translation>
    </message>
    <message>
        <source>AMOUNT DUE</source>
        <translation>OFFENER BETRAG</translation>
    </message>
    <message>
        <source>Amount or card</source>
        <translation>Betrag oder Karte</translation>
    </message>
    <message>
        <source> (offline)</source>
        <translation> (offline)</translation>
    </message>
    <message>
        <source>CHANGE</source>
        <translation>WECHSELGELD</translation>
    </message>
    <message>
        <source>PAID</source>
        <translation>BEZAHLT</translation>
    </message>
    <message>
        <source>Total {show}   ·   Paid {show2}</source>
        <translation>Summe {show}   ·   Bezahlt {show2}</translation>
    </message>
    <message>
        <source>No sale open</source>
        <translation>Kein Verkauf offen</translation>
    </message>
    <message>
        <source>{quantity} x: scan the item, or type its price and press Enter (Esc: stop).</source>
        <translation>{quantity} x: Artikel scannen oder Preis eingeben und Enter drücken (Esc: abbrechen).</translation>
    </message>
    <message>
        <source>Card •••• {tail}: choose an amount, or type it and press Enter (Esc: stop).</source>
        <translation>Karte •••• {tail}: Betrag wählen oder eingeben und Enter drücken (Esc: abbrechen).</translation>
    </message>
    <message>
        <source>Scan or type the card to sell (Esc: stop).</source>
        <translation>Karte zum Verkaufen scannen oder eintippen (Esc: abbrechen).</translation>
    </message>
    <message>
        <source>Scan or type the card to reload (Esc: stop).</source>
        <translation>Karte zum Aufladen scannen oder eintippen (Esc: abbrechen).</translation>
    </message>
    <message>
        <source>Scan or type the card to sell for {amount} (Esc: stop).</source>
        <translation>Karte zum Verkauf für {amount} scannen oder eintippen (Esc: abbrechen).</translation>
    </message>
    <message>
        <source>Scan or type the card to reload for {amount} (Esc: stop).</source>
        <translation>Karte zum Aufladen um {amount} scannen oder eintippen (Esc: abbrechen).</translation>
    </message>
    <message>
        <source>Type the gift card number and press Enter (Esc: stop).</source>
        <translation>Geschenkkartennummer eingeben und Enter drücken (Esc: abbrechen).</translation>
    </message>
    <message>
        <source>Give {change} change. Next customer: type a price and press Enter.</source>
        <translation>{change} Wechselgeld geben. Nächster Kunde: Preis eingeben und Enter drücken.</translation>
    </message>
    <message>
        <source>Type a price and press Enter to start a sale — or scan a gift card to check its balance.</source>
        <translation>Preis eingeben und Enter drücken, um einen Verkauf zu beginnen — oder eine Geschenkkarte scannen, um ihr Guthaben zu sehen.</translation>
    </message>
    <message>
        <source>Type a price and press Enter.</source>
        <translation>Preis eingeben und Enter drücken.</translation>
    </message>
    <message>
        <source>Paid in full — press F12 to finish.</source>
        <translation>Vollständig bezahlt — F12 zum Abschließen drücken.</translation>
    </message>
    <message>
        <source>Take {due} in cash (F3) or another payment (F4): gift cards do not pay for gift cards.</source>
        <translation>{due} bar (F3) oder anders (F4) kassieren: Geschenkkarten bezahlen keine Geschenkkarten.</translation>
    </message>
    <message>
        <source>{due} still due — scan another card, or cash (F3) / other payment (F4).</source>
        <translation>{due} noch offen — weitere Karte scannen, oder bar (F3) / andere Zahlung (F4).</translation>
    </message>
    <message>
        <source>Take {due}: scan a gift card, or type cash and press F3.</source>
        <translation>{due} kassieren: Geschenkkarte scannen oder Barbetrag eingeben und F3 drücken.</translation>
    </message>
    <message>
        <source>There is no sale open: nothing to remove.</source>
        <translation>Es ist kein Verkauf offen: nichts zu entfernen.</translation>
    </message>
    <message>
        <source>Touch the line or the payment to remove first, then press Delete.</source>
        <translation>Zuerst die Zeile oder Zahlung antippen, dann Entf drücken.</translation>
    </message>
    <message>
        <source>A quantity is 1 to 9999.</source>
        <translation>Eine Menge liegt zwischen 1 und 9999.</translation>
    </message>
    <message>
        <source>Type the price after the description, like: Mug 4.50</source>
        <translation>Den Preis nach der Bezeichnung eingeben, etwa: Tasse 4,50</translation>
    </message>
    <message>
        <source>Type the item&apos;s price first, then press F1.</source>
        <translation>Zuerst den Preis des Artikels eingeben, dann F1 drücken.</translation>
    </message>
    <message>
        <source>Type the price after the quantity, like: 3*4.50</source>
        <translation>Den Preis nach der Menge eingeben, etwa: 3*4,50</translation>
    </message>
    <message>
        <source>F10  Print again</source>
        <translation>F10  Erneut drucken</translation>
    </message>
    <message>
        <source>As it prints. Card numbers are masked.</source>
        <translation>So wie gedruckt. Kartennummern sind maskiert.</translation>
    </message>
    <message>
        <source>No completed sale yet.</source>
        <translation>Noch kein abgeschlossener Verkauf.</translation>
    </message>
    <message>
        <source>F1  Back to the card(s) that paid</source>
        <translation>F1  Zurück auf die zahlende(n) Karte(n)</translation>
    </message>
    <message>
        <source>F2  Onto a new card</source>
        <translation>F2  Auf eine neue Karte</translation>
    </message>
    <message>
        <source>Scan the receipt, or type the sale number</source>
        <translation>Bon scannen oder Verkaufsnummer eingeben</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>abgeschlossen</translation>
    </message>
    <message>
        <source>refunded</source>
        <translation>erstattet</translation>
    </message>
    <message>
        <source>partly refunded</source>
        <translation>teilweise erstattet</translation>
    </message>
    <message>
        <source>voided</source>
        <translation>storniert</translation>
    </message>
    <message>
        <source>Enter  Find</source>
        <translation>Enter  Suchen</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>Zurückgegeben</translation>
    </message>
    <message>
        <source>No completed sale yet. Scan a receipt or type its sale number.</source>
        <translation>Noch kein abgeschlossener Verkauf. Bon scannen oder Verkaufsnummer eingeben.</translation>
    </message>
    <message>
        <source>Sale {number} · {when} · {total} · {status} · pick the items to return (none picked: the whole sale)</source>
        <translation>Verkauf {number} · {when} · {total} · {status} · Artikel zur Rückgabe wählen (keiner gewählt: der ganze Verkauf)</translation>
    </message>
    <message>
        <source>Returned {total}.</source>
        <translation>{total} erstattet.</translation>
    </message>
    <message>
        <source>{amount} back on card {card} (now {balance}).</source>
        <translation>{amount} zurück auf Karte {card} (jetzt {balance}).</translation>
    </message>
    <message>
        <source>New card {card}: give it to the customer.</source>
        <translation>Neue Karte {card}: dem Kunden geben.</translation>
    </message>
    <message>
        <source>Give {amount} back in cash.</source>
        <translation>{amount} bar zurückgeben.</translation>
    </message>
    <message>
        <source>Refund {amount} on the card terminal.</source>
        <translation>{amount} am Kartenterminal erstatten.</translation>
    </message>
    <message>
        <source>Scarf</source>
        <translation>Schal</translation>
    </message>
    <message>
        <source>Candle set</source>
        <translation>Kerzenset</translation>
    </message>
    <message>
        <source>Tea tin</source>
        <translation>Teedose</translation>
    </message>
    <message>
        <source>Notebook</source>
        <translation>Notizbuch</translation>
    </message>
    <message>
        <source>giftpos — set up this terminal</source>
        <translation>giftpos — diese Kasse einrichten</translation>
    </message>
    <message>
        <source>Set up this terminal</source>
        <translation>Diese Kasse einrichten</translation>
    </message>
    <message>
        <source>Three things and the till is ready. You can change them later in the configuration file{value}.</source>
        <translation>Drei Angaben, und die Kasse ist bereit. Sie lassen sich später in der Konfigurationsdatei ändern{value}.</translation>
    </message>
    <message>
        <source>Offline only — a single shop without a central ledger</source>
        <translation>Nur offline — ein einzelnes Geschäft ohne zentrales Hauptbuch</translation>
    </message>
    <message>
        <source>terminal token from the manager</source>
        <translation>Kassenschlüssel von der Leitung</translation>
    </message>
    <message>
        <source>/dev/ttyACM0 (empty: keyboard-wedge or typing)</source>
        <translation>/dev/ttyACM0 (leer: Tastatur-Scanner oder Eintippen)</translation>
    </message>
    <message>
        <source>/dev/ttyUSB0 (empty: none)</source>
        <translation>/dev/ttyUSB0 (leer: keiner)</translation>
    </message>
    <message>
        <source>tcp://192.168.1.50:9100 (empty: none)</source>
        <translation>tcp://192.168.1.50:9100 (leer: keiner)</translation>
    </message>
    <message>
        <source>This till</source>
        <translation>Diese Kasse</translation>
    </message>
    <message>
        <source>Shop</source>
        <translation>Geschäft</translation>
    </message>
    <message>
        <source>Ledger</source>
        <translation>Hauptbuch</translation>
    </message>
    <message>
        <source>Ledger URL</source>
        <translation>Hauptbuch-URL</translation>
    </message>
    <message>
        <source>Barcode scanner</source>
        <translation>Barcode-Scanner</translation>
    </message>
    <message>
        <source>Magstripe reader</source>
        <translation>Magnetstreifenleser</translation>
    </message>
    <message>
        <source>Money and looks</source>
        <translation>Geld und Aussehen</translation>
    </message>
    <message>
        <source>Save and start</source>
        <translation>Speichern und starten</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>The ledger URL starts with https:// (or tick Offline only).</source>
        <translation>Die Hauptbuch-URL beginnt mit https:// (oder „Nur offline“ ankreuzen).</translation>
    </message>
    <message>
        <source>Enter the terminal&apos;s token (ask a manager).</source>
        <translation>Kassenschlüssel eingeben (Leitung fragen).</translation>
    </message>
    <message>
        <source>Offline only (no ledger configured)</source>
        <translation>Nur offline (kein Hauptbuch eingerichtet)</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>verbunden</translation>
    </message>
    <message>
        <source>lost — check the cable</source>
        <translation>getrennt — Kabel prüfen</translation>
    </message>
    <message>
        <source>reconnecting…</source>
        <translation>verbindet neu…</translation>
    </message>
    <message>
        <source>starting…</source>
        <translation>startet…</translation>
    </message>
    <message>
        <source>No serial devices — type or wedge-scan cards</source>
        <translation>Keine seriellen Geräte — Karten eintippen oder per Tastatur-Scanner</translation>
    </message>
    <message>
        <source>⚠ The audit trail differs from the ledger&apos;s copy — call a manager</source>
        <translation>⚠ Das Protokoll weicht von der Kopie im Hauptbuch ab — Leitung rufen</translation>
    </message>
    <message>
        <source>{pending} waiting to sync</source>
        <translation>{pending} warten auf Abgleich</translation>
    </message>
    <message>
        <source>● Ledger online</source>
        <translation>● Hauptbuch online</translation>
    </message>
    <message>
        <source>● Offline — sales continue, sync later</source>
        <translation>● Offline — Verkauf geht weiter, Abgleich später</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>Last sync {when}</source>
        <translation>Letzter Abgleich {when}</translation>
    </message>
    <message>
        <source>Check the number and scan or type it again.</source>
        <translation>Nummer prüfen und erneut scannen oder eintippen.</translation>
    </message>
    <message>
        <source>Scan the card again or type its number.</source>
        <translation>Karte erneut scannen oder ihre Nummer eintippen.</translation>
    </message>
    <message>
        <source>Sell it first (F6), or take another payment.</source>
        <translation>Zuerst verkaufen (F6) oder andere Zahlung annehmen.</translation>
    </message>
    <message>
        <source>Take another payment and call a manager.</source>
        <translation>Andere Zahlung annehmen und die Leitung rufen.</translation>
    </message>
    <message>
        <source>Take another payment.</source>
        <translation>Andere Zahlung annehmen.</translation>
    </message>
    <message>
        <source>Ask the customer for the card it was combined into.</source>
        <translation>Den Kunden nach der Karte fragen, in die sie zusammengeführt wurde.</translation>
    </message>
    <message>
        <source>Use Reload (F7) to add value instead.</source>
        <translation>Stattdessen mit Aufladen (F7) Guthaben hinzufügen.</translation>
    </message>
    <message>
        <source>Load a smaller amount.</source>
        <translation>Einen kleineren Betrag aufladen.</translation>
    </message>
    <message>
        <source>Take what the card has and collect the rest.</source>
        <translation>Annehmen, was die Karte hat, und den Rest anders kassieren.</translation>
    </message>
    <message>
        <source>Type the amount again.</source>
        <translation>Betrag erneut eingeben.</translation>
    </message>
    <message>
        <source>Carry on: the terminal works offline and syncs later.</source>
        <translation>Weitermachen: die Kasse arbeitet offline und gleicht später ab.</translation>
    </message>
    <message>
        <source>Try again; if it keeps happening, restart the terminal.</source>
        <translation>Erneut versuchen; passiert es weiter, die Kasse neu starten.</translation>
    </message>
    <message>
        <source>Check the printer&apos;s paper and cable, then reprint (F10).</source>
        <translation>Papier und Kabel des Druckers prüfen, dann nachdrucken (F10).</translation>
    </message>
    <message>
        <source>The card keeps its balance: it can pay for a sale.</source>
        <translation>Die Karte behält ihr Guthaben: sie kann einen Verkauf bezahlen.</translation>
    </message>
    <message>
        <source>Nothing to pay out: check the card.</source>
        <translation>Nichts auszuzahlen: Karte prüfen.</translation>
    </message>
    <message>
        <source>Take another payment or wait for the ledger to be back.</source>
        <translation>Andere Zahlung annehmen oder warten, bis das Hauptbuch wieder da ist.</translation>
    </message>
    <message>
        <source>Check what was typed and try again.</source>
        <translation>Eingabe prüfen und erneut versuchen.</translation>
    </message>
    <message>
        <source>That took too long.</source>
        <translation>Das hat zu lange gedauert.</translation>
    </message>
    <message>
        <source>Try again; the terminal is still working.</source>
        <translation>Erneut versuchen; die Kasse arbeitet noch.</translation>
    </message>
    <message>
        <source>A device or file could not be used.</source>
        <translation>Ein Gerät oder eine Datei konnte nicht benutzt werden.</translation>
    </message>
    <message>
        <source>Check the cables and try again; call support if it keeps happening.</source>
        <translation>Kabel prüfen und erneut versuchen; passiert es weiter, den Support rufen.</translation>
    </message>
    <message>
        <source>Something went wrong on this terminal.</source>
        <translation>An dieser Kasse ist etwas schiefgegangen.</translation>
    </message>
    <message>
        <source>Try again; if it keeps happening, restart the terminal and call support.</source>
        <translation>Erneut versuchen; passiert es weiter, die Kasse neu starten und den Support rufen.</translation>
    </message>
    <message>
        <source>The till cannot start</source>
        <translation>Die Kasse kann nicht starten</translation>
    </message>
    <message>
        <source>Fix the configuration file and start again.</source>
        <translation>Konfigurationsdatei korrigieren und neu starten.</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Anzahl</translation>
    </message>
    <message>
        <source>light</source>
        <translation>hell</translation>
    </message>
    <message>
        <source>dark</source>
        <translation>dunkel</translation>
    </message>
    <message>
        <source>high-contrast</source>
        <translation>hoher Kontrast</translation>
    </message>
</context>
</TS>
