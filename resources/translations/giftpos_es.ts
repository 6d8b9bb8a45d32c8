<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name></name>
    <message>
        <source>Esc  Dismiss</source>
        <translation>Esc  Cerrar</translation>
    </message>
    <message>
        <source>Enter  {value}</source>
        <translation>Enter  {value}</translation>
    </message>
    <message>
        <source>Esc  No</source>
        <translation>Esc  No</translation>
    </message>
    <message>
        <source>That barcode is not a gift card ({reason}).</source>
        <translation>Ese código de barras no es una tarjeta regalo ({reason}).</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>Clientes</translation>
    </message>
    <message>
        <source>Find the customer by phone (or its last four digits) or name. Esc: back to the sale.</source>
        <translation>Busque al cliente por teléfono (o sus cuatro últimas cifras) o por nombre. Esc: volver a la venta.</translation>
    </message>
    <message>
        <source>Phone or name</source>
        <translation>Teléfono o nombre</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>Buscar</translation>
    </message>
    <message>
        <source>Back to sale</source>
        <translation>Volver a la venta</translation>
    </message>
    <message>
        <source>No customer chosen</source>
        <translation>Ningún cliente elegido</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Tarjeta</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>Saldo</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notas</translation>
    </message>
    <message>
        <source>Pay with preferred card</source>
        <translation>Pagar con la tarjeta preferida</translation>
    </message>
    <message>
        <source>Pay with selected card</source>
        <translation>Pagar con la tarjeta elegida</translation>
    </message>
    <message>
        <source>Make preferred</source>
        <translation>Hacer preferida</translation>
    </message>
    <message>
        <source>Scan or type a card to save it</source>
        <translation>Escanee o teclee una tarjeta para guardarla</translation>
    </message>
    <message>
        <source>Save to account</source>
        <translation>Guardar en la cuenta</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Teléfono</translation>
    </message>
    <message>
        <source>E-mail (optional)</source>
        <translation>Correo (opcional)</translation>
    </message>
    <message>
        <source>Add customer</source>
        <translation>Añadir cliente</translation>
    </message>
    <message>
        <source>New customer</source>
        <translation>Cliente nuevo</translation>
    </message>
    <message>
        <source>Card scanned.</source>
        <translation>Tarjeta escaneada.</translation>
    </message>
    <message>
        <source>Press Save to account to keep it on this customer.</source>
        <translation>Pulse Guardar en la cuenta para asignarla a este cliente.</translation>
    </message>
    <message>
        <source>Find the customer first, then press Save to account.</source>
        <translation>Busque primero al cliente y pulse Guardar en la cuenta.</translation>
    </message>
    <message>
        <source>Type a phone number or a name first.</source>
        <translation>Teclee primero un teléfono o un nombre.</translation>
    </message>
    <message>
        <source>No customer found.</source>
        <translation>No se encontró ningún cliente.</translation>
    </message>
    <message>
        <source>Check the number, or add them below.</source>
        <translation>Compruebe el número o añádalo abajo.</translation>
    </message>
    <message>
        <source>This customer</source>
        <translation>Este cliente</translation>
    </message>
    <message>
        <source>{value} has no saved card.</source>
        <translation>{value} no tiene ninguna tarjeta guardada.</translation>
    </message>
    <message>
        <source>Scan a card and press Save to account.</source>
        <translation>Escanee una tarjeta y pulse Guardar en la cuenta.</translation>
    </message>
    <message>
        <source>Start the sale first: ring up the items, then pay with the customer&apos;s card.</source>
        <translation>Empiece primero la venta: registre los artículos y pague con la tarjeta del cliente.</translation>
    </message>
    <message>
        <source>Pick a card in the list first.</source>
        <translation>Elija primero una tarjeta de la lista.</translation>
    </message>
    <message>
        <source>Choose the customer and scan the card first.</source>
        <translation>Elija primero al cliente y escanee la tarjeta.</translation>
    </message>
    <message>
        <source>Card {card} saved to the account.</source>
        <translation>Tarjeta {card} guardada en la cuenta.</translation>
    </message>
    <message>
        <source>Customers ({shortcut})</source>
        <translation>Clientes ({shortcut})</translation>
    </message>
    <message>
        <source>Birthday gift</source>
        <translation>Regalo de cumpleaños</translation>
    </message>
    <message>
        <source>Small balance</source>
        <translation>Saldo pequeño</translation>
    </message>
    <message>
        <source>Big spender</source>
        <translation>Gran comprador</translation>
    </message>
    <message>
        <source>Reload me</source>
        <translation>Para recargar</translation>
    </message>
    <message>
        <source>Empty card</source>
        <translation>Tarjeta vacía</translation>
    </message>
    <message>
        <source>New card to sell</source>
        <translation>Tarjeta nueva para vender</translation>
    </message>
    <message>
        <source>DEMO CARDS</source>
        <translation>TARJETAS DE DEMOSTRACIÓN</translation>
    </message>
    <message>
        <source>Scan or Swipe sends a card through the virtual scanner or magstripe reader; or type its number in the entry field.</source>
        <translation>«Escanear» o «Pasar» envía una tarjeta por el escáner o el lector de banda magnética virtual; o teclee su número en el campo de entrada.</translation>
    </message>
    <message>
        <source>Scan {last4}</source>
        <translation>Escanear {last4}</translation>
    </message>
    <message>
        <source>Swipe</source>
        <translation>Pasar</translation>
    </message>
    <message>
        <source>EMBEDDED LEDGER</source>
        <translation>LIBRO MAYOR INTEGRADO</translation>
    </message>
    <message>
        <source>No ledger: this demo trades offline only.</source>
        <translation>Sin libro mayor: esta demostración solo vende sin conexión.</translation>
    </message>
    <message>
        <source>VIRTUAL SCANNER</source>
        <translation>ESCÁNER VIRTUAL</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ninguno</translation>
    </message>
    <message>
        <source>FROM A SHELL</source>
        <translation>DESDE UNA TERMINAL</translation>
    </message>
    <message>
        <source>not sold yet</source>
        <translation>aún sin vender</translation>
    </message>
    <message>
        <source>Up on {url}. Take it down to watch the till trade offline, then the sync.</source>
        <translation>Activo en {url}. Apáguelo para ver la caja vender sin conexión y después la sincronización.</translation>
    </message>
    <message>
        <source>Take the ledger down</source>
        <translation>Apagar el libro mayor</translation>
    </message>
    <message>
        <source>Down: the till trades offline and keeps its entries for the sync.</source>
        <translation>Apagado: la caja vende sin conexión y guarda sus apuntes para la sincronización.</translation>
    </message>
    <message>
        <source>Bring the ledger back</source>
        <translation>Volver a encender el libro mayor</translation>
    </message>
    <message>
        <source>The card&apos;s own program</source>
        <translation>Programa propio de la tarjeta</translation>
    </message>
    <message>
        <source>Print a card</source>
        <translation>Imprimir una tarjeta</translation>
    </message>
    <message>
        <source>Scan or type the card number</source>
        <translation>Escanee o teclee el número de la tarjeta</translation>
    </message>
    <message>
        <source>Full number on the card (e-gift)</source>
        <translation>Número completo en la tarjeta (regalo electrónico)</translation>
    </message>
    <message>
        <source>Scan or type a card to see it</source>
        <translation>Escanee o teclee una tarjeta para verla</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Mostrar</translation>
    </message>
    <message>
        <source>Save PNG…</source>
        <translation>Guardar PNG…</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>Imagen PNG (*.png)</translation>
    </message>
    <message>
        <source>Save PDF…</source>
        <translation>Guardar PDF…</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Receipt printer</source>
        <translation>Impresora de tiques</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <source>Design</source>
        <translation>Diseño</translation>
    </message>
    <message>
        <source>Save the card</source>
        <translation>Guardar la tarjeta</translation>
    </message>
    <message>
        <source>No receipt printer is set up on this terminal.</source>
        <translation>Esta caja no tiene impresora de tiques configurada.</translation>
    </message>
    <message>
        <source>Card designs</source>
        <translation>Diseños de tarjeta</translation>
    </message>
    <message>
        <source>Card programs give cards their title, amount, expiry and cover.</source>
        <translation>Los programas de tarjeta dan a las tarjetas su título, importe, caducidad y portada.</translation>
    </message>
    <message>
        <source>Program</source>
        <translation>Programa</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Importe</translation>
    </message>
    <message>
        <source>Expiry</source>
        <translation>Caducidad</translation>
    </message>
    <message>
        <source>Cover</source>
        <translation>Portada</translation>
    </message>
    <message>
        <source>code, e.g. holiday-2026</source>
        <translation>código, p. ej. navidad-2026</translation>
    </message>
    <message>
        <source>Title printed on the card</source>
        <translation>Título impreso en la tarjeta</translation>
    </message>
    <message>
        <source>Default amount ({currency})</source>
        <translation>Importe por defecto ({currency})</translation>
    </message>
    <message>
        <source>Never expires</source>
        <translation>No caduca nunca</translation>
    </message>
    <message>
        <source> months</source>
        <translation> meses</translation>
    </message>
    <message>
        <source>Add program</source>
        <translation>Añadir programa</translation>
    </message>
    <message>
        <source>New program</source>
        <translation>Programa nuevo</translation>
    </message>
    <message>
        <source>Cards: </source>
        <translation>Tarjetas: </translation>
    </message>
    <message>
        <source>Unsold stock (activated when sold)</source>
        <translation>Existencias sin vender (se activan al venderse)</translation>
    </message>
    <message>
        <source>Issue from selected program</source>
        <translation>Emitir del programa elegido</translation>
    </message>
    <message>
        <source>Print a card…</source>
        <translation>Imprimir una tarjeta…</translation>
    </message>
    <message>
        <source>Cover: {name}</source>
        <translation>Portada: {name}</translation>
    </message>
    <message>
        <source>Program {title} added.</source>
        <translation>Programa {title} añadido.</translation>
    </message>
    <message>
        <source>Select it to issue cards.</source>
        <translation>Selecciónelo para emitir tarjetas.</translation>
    </message>
    <message>
        <source>Select a program first.</source>
        <translation>Elija primero un programa.</translation>
    </message>
    <message>
        <source>Issued {len} card(s) from {title}.</source>
        <translation>{len} tarjeta(s) emitida(s) de {title}.</translation>
    </message>
    <message>
        <source>Print each one with Print a card.</source>
        <translation>Imprima cada una con Imprimir una tarjeta.</translation>
    </message>
    <message>
        <source>Card saved to {path}.</source>
        <translation>Tarjeta guardada en {path}.</translation>
    </message>
    <message>
        <source>Card sent to the printer.</source>
        <translation>Tarjeta enviada a la impresora.</translation>
    </message>
    <message>
        <source>giftpos — {terminal_id}</source>
        <translation>giftpos — {terminal_id}</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>Trabajando…</translation>
    </message>
    <message>
        <source>Scan or swipe it again, or type the number.</source>
        <translation>Escanéela o deslícela otra vez, o teclee el número.</translation>
    </message>
    <message>
        <source>The ledger is back.</source>
        <translation>El libro mayor ha vuelto.</translation>
    </message>
    <message>
        <source>Sales made offline are being sent to it now.</source>
        <translation>Las ventas hechas sin conexión se le envían ahora.</translation>
    </message>
    <message>
        <source>The ledger is not answering: this terminal is working offline.</source>
        <translation>El libro mayor no responde: esta caja trabaja sin conexión.</translation>
    </message>
    <message>
        <source>Carry on selling: gift cards are taken within the offline limits and sent to the ledger when it is back.</source>
        <translation>Siga vendiendo: las tarjetas regalo se aceptan dentro de los límites sin conexión y se envían al libro mayor cuando vuelva.</translation>
    </message>
    <message>
        <source>Sale complete.</source>
        <translation>Venta terminada.</translation>
    </message>
    <message>
        <source>Give {change} change.</source>
        <translation>Dé {change} de cambio.</translation>
    </message>
    <message>
        <source>Receipt printed.</source>
        <translation>Tique impreso.</translation>
    </message>
    <message>
        <source>Receipt on screen: F11.</source>
        <translation>Tique en pantalla: F11.</translation>
    </message>
    <message>
        <source>Returned {show}.</source>
        <translation>Devuelto {show}.</translation>
    </message>
    <message>
        <source>A sale is open</source>
        <translation>Hay una venta abierta</translation>
    </message>
    <message>
        <source>A sale of {total} is still open with {paid} paid. Close the till anyway?</source>
        <translation>Hay una venta de {total} abierta con {paid} pagados. ¿Cerrar la caja de todos modos?</translation>
    </message>
    <message>
        <source>A sale of {total} is still open. Close the till anyway?</source>
        <translation>Hay una venta de {total} abierta. ¿Cerrar la caja de todos modos?</translation>
    </message>
    <message>
        <source>The sale stays open (card holds included) and comes back when the till starts again. To end it now, keep selling and finish (F12) or cancel (F8) it.</source>
        <translation>La venta queda abierta (con las retenciones de tarjeta) y vuelve al reiniciar la caja. Para terminarla ahora, siga vendiendo y finalícela (F12) o anúlela (F8).</translation>
    </message>
    <message>
        <source>Keep selling</source>
        <translation>Seguir vendiendo</translation>
    </message>
    <message>
        <source>Close anyway</source>
        <translation>Cerrar de todos modos</translation>
    </message>
    <message>
        <source>Why (kept in the journal)</source>
        <translation>Motivo (queda en el diario)</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>Scan or type another card, Enter</source>
        <translation>Escanee o teclee otra tarjeta, Enter</translation>
    </message>
    <message>
        <source>Cards</source>
        <translation>Tarjetas</translation>
    </message>
    <message>
        <source>Enter  {confirm}</source>
        <translation>Enter  {confirm}</translation>
    </message>
    <message>
        <source>Esc  Cancel</source>
        <translation>Esc  Cancelar</translation>
    </message>
    <message>
        <source>Card {masked} is already in the list.</source>
        <translation>La tarjeta {masked} ya está en la lista.</translation>
    </message>
    <message>
        <source>Balance before</source>
        <translation>Saldo antes</translation>
    </message>
    <message>
        <source>Balance after</source>
        <translation>Saldo después</translation>
    </message>
    <message>
        <source>Every action</source>
        <translation>Todas las acciones</translation>
    </message>
    <message>
        <source>Person (asked or approved)</source>
        <translation>Persona (solicitó o aprobó)</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Cuándo</translation>
    </message>
    <message>
        <source>Till</source>
        <translation>Caja</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Acción</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <source>Asked by</source>
        <translation>Solicitado por</translation>
    </message>
    <message>
        <source>Approved by</source>
        <translation>Aprobado por</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Detalle</translation>
    </message>
    <message>
        <source>‹ Newer</source>
        <translation>‹ Más recientes</translation>
    </message>
    <message>
        <source>Older ›</source>
        <translation>Más antiguas ›</translation>
    </message>
    <message>
        <source>Audit trail</source>
        <translation>Registro de auditoría</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualizar</translation>
    </message>
    <message>
        <source>Every manager action and approval, and every refused PIN.</source>
        <translation>Cada acción y aprobación de un encargado y cada PIN rechazado.</translation>
    </message>
    <message>
        <source>Page {len}</source>
        <translation>Página {len}</translation>
    </message>
    <message>
        <source>frozen</source>
        <translation>congelada</translation>
    </message>
    <message>
        <source>unfrozen</source>
        <translation>descongelada</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>anulada</translation>
    </message>
    <message>
        <source>adjusted</source>
        <translation>ajustada</translation>
    </message>
    <message>
        <source>moved to a new card</source>
        <translation>pasada a una tarjeta nueva</translation>
    </message>
    <message>
        <source>combined</source>
        <translation>unida</translation>
    </message>
    <message>
        <source>re-activated</source>
        <translation>reactivada</translation>
    </message>
    <message>
        <source>by key</source>
        <translation>por clave</translation>
    </message>
    <message>
        <source>Look a card up first.</source>
        <translation>Busque primero una tarjeta.</translation>
    </message>
    <message>
        <source>Freeze card {masked}</source>
        <translation>Congelar la tarjeta {masked}</translation>
    </message>
    <message>
        <source>Unfreeze card {masked}</source>
        <translation>Descongelar la tarjeta {masked}</translation>
    </message>
    <message>
        <source>Cancel card {masked}</source>
        <translation>Anular la tarjeta {masked}</translation>
    </message>
    <message>
        <source>Frozen</source>
        <translation>Congelada</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Activa</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Anulada</translation>
    </message>
    <message>
        <source>Freeze</source>
        <translation>Congelar</translation>
    </message>
    <message>
        <source>Unfreeze</source>
        <translation>Descongelar</translation>
    </message>
    <message>
        <source>Cancel card</source>
        <translation>Anular tarjeta</translation>
    </message>
    <message>
        <source>A frozen card cannot pay or be reloaded until a manager unfreezes it. Its balance stays on it.</source>
        <translation>Una tarjeta congelada no puede pagar ni recargarse hasta que un encargado la descongele. Conserva su saldo.</translation>
    </message>
    <message>
        <source>The card can pay again. If it was frozen for an overspend, adjust its balance first.</source>
        <translation>La tarjeta puede volver a pagar. Si se congeló por un exceso de gasto, ajuste antes su saldo.</translation>
    </message>
    <message>
        <source>A cancelled card can never be used again. Move its balance to a new card first if the customer keeps it.</source>
        <translation>Una tarjeta anulada no se puede volver a usar. Si el cliente conserva el saldo, páselo antes a una tarjeta nueva.</translation>
    </message>
    <message>
        <source>Type the amount to add (or -amount to take off).</source>
        <translation>Teclee el importe a sumar (o -importe para restar).</translation>
    </message>
    <message>
        <source>Say why: the reason stays in the journal.</source>
        <translation>Indique el motivo: queda en el diario.</translation>
    </message>
    <message>
        <source>An adjustment cannot take the card below zero.</source>
        <translation>Un ajuste no puede dejar la tarjeta por debajo de cero.</translation>
    </message>
    <message>
        <source>Adjust card {masked}</source>
        <translation>Ajustar la tarjeta {masked}</translation>
    </message>
    <message>
        <source>Add value, or take it off with a minus sign. The reason is kept in the card&apos;s journal.</source>
        <translation>Sume saldo, o réstelo con un signo menos. El motivo queda en el diario de la tarjeta.</translation>
    </message>
    <message>
        <source>e.g. 5.00 or -5.00</source>
        <translation>p. ej. 5,00 o -5,00</translation>
    </message>
    <message>
        <source>Adjust</source>
        <translation>Ajustar</translation>
    </message>
    <message>
        <source>Move between {show} and {show2}.</source>
        <translation>Pase entre {show} y {show2}.</translation>
    </message>
    <message>
        <source>New card</source>
        <translation>Tarjeta nueva</translation>
    </message>
    <message>
        <source>printed on the receipt</source>
        <translation>impresa en el tique</translation>
    </message>
    <message>
        <source>Move card {masked} to a new card</source>
        <translation>Pasar la tarjeta {masked} a una tarjeta nueva</translation>
    </message>
    <message>
        <source>A new card is issued with the amount (all of it when left empty); an emptied card is cancelled.</source>
        <translation>Se emite una tarjeta nueva con el importe (todo si se deja vacío); una tarjeta vaciada se anula.</translation>
    </message>
    <message>
        <source>all of it ({amount})</source>
        <translation>todo ({amount})</translation>
    </message>
    <message>
        <source>Move</source>
        <translation>Pasar</translation>
    </message>
    <message>
        <source>Scan or type the cards to combine into this one.</source>
        <translation>Escanee o teclee las tarjetas que se unirán a esta.</translation>
    </message>
    <message>
        <source>keeps the balance</source>
        <translation>conserva el saldo</translation>
    </message>
    <message>
        <source>Combine into card {masked}</source>
        <translation>Unir en la tarjeta {masked}</translation>
    </message>
    <message>
        <source>The balances of the other cards move onto this one; they can no longer be used.</source>
        <translation>Los saldos de las otras tarjetas pasan a esta; aquellas ya no se pueden usar.</translation>
    </message>
    <message>
        <source>Combine</source>
        <translation>Unir</translation>
    </message>
    <message>
        <source>Only an expired card can be re-activated.</source>
        <translation>Solo una tarjeta caducada puede reactivarse.</translation>
    </message>
    <message>
        <source>what expired comes back</source>
        <translation>lo caducado vuelve</translation>
    </message>
    <message>
        <source>Re-activate card {masked}</source>
        <translation>Reactivar la tarjeta {masked}</translation>
    </message>
    <message>
        <source>Where the program allows it, the card comes back with what expired on it.</source>
        <translation>Donde el programa lo permite, la tarjeta vuelve con lo que caducó.</translation>
    </message>
    <message>
        <source>Re-activate</source>
        <translation>Reactivar</translation>
    </message>
    <message>
        <source>Unknown action {action}.</source>
        <translation>Acción desconocida {action}.</translation>
    </message>
    <message>
        <source>balance {show} → {show2}; {reason}</source>
        <translation>saldo {show} → {show2}; {reason}</translation>
    </message>
    <message>
        <source>Card {masked} {what}: {before} → {after}.</source>
        <translation>Tarjeta {masked} {what}: {before} → {after}.</translation>
    </message>
    <message>
        <source>lost</source>
        <translation>perdida</translation>
    </message>
    <message>
        <source>damaged</source>
        <translation>dañada</translation>
    </message>
    <message>
        <source>stolen</source>
        <translation>robada</translation>
    </message>
    <message>
        <source>Activate range…</source>
        <translation>Activar un rango…</translation>
    </message>
    <message>
        <source>Replace card…</source>
        <translation>Sustituir tarjeta…</translation>
    </message>
    <message>
        <source>Pay out in cash…</source>
        <translation>Pagar en efectivo…</translation>
    </message>
    <message>
        <source>Activate a printed range</source>
        <translation>Activar un rango impreso</translation>
    </message>
    <message>
        <source>First number</source>
        <translation>Primer número</translation>
    </message>
    <message>
        <source>Last number</source>
        <translation>Último número</translation>
    </message>
    <message>
        <source>Amount on each</source>
        <translation>Importe de cada una</translation>
    </message>
    <message>
        <source>Replace a lost or damaged card</source>
        <translation>Sustituir una tarjeta perdida o dañada</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>Cash-out of a small balance</source>
        <translation>Pago en efectivo de un saldo pequeño</translation>
    </message>
    <message>
        <source>Activated {count} cards {first} .. {last}, {show} each.</source>
        <translation>Activadas {count} tarjetas {first} .. {last}, {show} cada una.</translation>
    </message>
    <message>
        <source>range {mask} to {mask2}</source>
        <translation>rango {mask} a {mask2}</translation>
    </message>
    <message>
        <source>{out} cancelled ({why}); {show} moved to the new card {get}.</source>
        <translation>{out} anulada ({why}); {show} pasados a la tarjeta nueva {get}.</translation>
    </message>
    <message>
        <source>Pay out {show} in cash for {card}; the card is now empty.</source>
        <translation>Pagados {show} en efectivo por {card}; la tarjeta queda vacía.</translation>
    </message>
    <message>
        <source>Card jobs</source>
        <translation>Trabajos de tarjetas</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>Artículos</translation>
    </message>
    <message>
        <source>Ctrl+L  Lock</source>
        <translation>Ctrl+L  Bloquear</translation>
    </message>
    <message>
        <source>Esc  Back to sale</source>
        <translation>Esc  Volver a la venta</translation>
    </message>
    <message>
        <source>Manager console</source>
        <translation>Consola del encargado</translation>
    </message>
    <message>
        <source>Signed in: {name} ({role})</source>
        <translation>Sesión iniciada: {name} ({role})</translation>
    </message>
    <message>
        <source>No staff accounts yet: add a manager in Staff</source>
        <translation>Aún no hay cuentas: añada un encargado en Personal</translation>
    </message>
    <message>
        <source>Nobody signed in</source>
        <translation>Nadie ha iniciado sesión</translation>
    </message>
    <message>
        <source>For managers</source>
        <translation>Para encargados</translation>
    </message>
    <message>
        <source>Barcode {code} scanned.</source>
        <translation>Código de barras {code} escaneado.</translation>
    </message>
    <message>
        <source>Open Items to add it to the item list.</source>
        <translation>Abra Artículos para añadirlo a la lista.</translation>
    </message>
    <message>
        <source>Test {name}</source>
        <translation>Probar {name}</translation>
    </message>
    <message>
        <source>{kind} on {value} at {baudrate} baud, frames end with {terminator}. Scan or swipe a card: each read shows below, masked.</source>
        <translation>{kind} en {value} a {baudrate} baudios, las tramas terminan en {terminator}. Escanee o deslice una tarjeta: cada lectura aparece abajo, enmascarada.</translation>
    </message>
    <message>
        <source>Esc  Close</source>
        <translation>Esc  Cerrar</translation>
    </message>
    <message>
        <source>Scheduled</source>
        <translation>Programado</translation>
    </message>
    <message>
        <source>Retrying</source>
        <translation>Reintentando</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Enviado</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Para</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Situación</translation>
    </message>
    <message>
        <source>Send at</source>
        <translation>Enviar el</translation>
    </message>
    <message>
        <source>Tries</source>
        <translation>Intentos</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Último error</translation>
    </message>
    <message>
        <source>Sent at</source>
        <translation>Enviado el</translation>
    </message>
    <message>
        <source>Resend selected</source>
        <translation>Reenviar los elegidos</translation>
    </message>
    <message>
        <source>{len} e-gifts, {waiting} waiting to go out</source>
        <translation>{len} regalos electrónicos, {waiting} por enviar</translation>
    </message>
    <message>
        <source>Pick an e-gift to resend.</source>
        <translation>Elija un regalo electrónico para reenviar.</translation>
    </message>
    <message>
        <source>E-gifts</source>
        <translation>Regalos electrónicos</translation>
    </message>
    <message>
        <source>Manager  Ctrl+M</source>
        <translation>Encargado  Ctrl+M</translation>
    </message>
    <message>
        <source>The till is locked</source>
        <translation>La caja está bloqueada</translation>
    </message>
    <message>
        <source>Sign in with your name and PIN to carry on.</source>
        <translation>Inicie sesión con su nombre y PIN para seguir.</translation>
    </message>
    <message>
        <source>Ctrl+L  Sign in</source>
        <translation>Ctrl+L  Iniciar sesión</translation>
    </message>
    <message>
        <source>All entries</source>
        <translation>Todos los apuntes</translation>
    </message>
    <message>
        <source>Loads and sales</source>
        <translation>Recargas y ventas</translation>
    </message>
    <message>
        <source>Refunds and voids</source>
        <translation>Reembolsos y anulaciones</translation>
    </message>
    <message>
        <source>Manager repairs</source>
        <translation>Reparaciones del encargado</translation>
    </message>
    <message>
        <source>Offline only</source>
        <translation>Solo sin conexión</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>Emitida</translation>
    </message>
    <message>
        <source>Activated</source>
        <translation>Activada</translation>
    </message>
    <message>
        <source>Loaded</source>
        <translation>Recargada</translation>
    </message>
    <message>
        <source>Redeemed</source>
        <translation>Canjeada</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>Retenida</translation>
    </message>
    <message>
        <source>Captured</source>
        <translation>Cobrada</translation>
    </message>
    <message>
        <source>Released</source>
        <translation>Liberada</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>Reembolsada</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>Anulada</translation>
    </message>
    <message>
        <source>Adjusted</source>
        <translation>Ajustada</translation>
    </message>
    <message>
        <source>Transferred out</source>
        <translation>Traspasada (salida)</translation>
    </message>
    <message>
        <source>Transferred in</source>
        <translation>Traspasada (entrada)</translation>
    </message>
    <message>
        <source>Combined out</source>
        <translation>Unida (salida)</translation>
    </message>
    <message>
        <source>Combined in</source>
        <translation>Unida (entrada)</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Caducada</translation>
    </message>
    <message>
        <source>Status change</source>
        <translation>Cambio de estado</translation>
    </message>
    <message>
        <source>Spent to zero</source>
        <translation>Gastada hasta cero</translation>
    </message>
    <message>
        <source>Not sold yet</source>
        <translation>Aún sin vender</translation>
    </message>
    <message>
        <source>Combined into another card</source>
        <translation>Unida a otra tarjeta</translation>
    </message>
    <message>
        <source>Adjust…</source>
        <translation>Ajustar…</translation>
    </message>
    <message>
        <source>To a new card…</source>
        <translation>A una tarjeta nueva…</translation>
    </message>
    <message>
        <source>Combine…</source>
        <translation>Unir…</translation>
    </message>
    <message>
        <source>Card number</source>
        <translation>Número de tarjeta</translation>
    </message>
    <message>
        <source>Card key</source>
        <translation>Clave de la tarjeta</translation>
    </message>
    <message>
        <source>Scan, swipe or type the card number</source>
        <translation>Escanee, deslice o teclee el número de la tarjeta</translation>
    </message>
    <message>
        <source>Enter  Look up</source>
        <translation>Enter  Buscar</translation>
    </message>
    <message>
        <source>No card yet</source>
        <translation>Aún no hay tarjeta</translation>
    </message>
    <message>
        <source>Repairs</source>
        <translation>Reparaciones</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Qué</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Historial</translation>
    </message>
    <message>
        <source>Card lookup</source>
        <translation>Consulta de tarjeta</translation>
    </message>
    <message>
        <source>Scan, swipe or type a card (or its key) to see its balance, history and repairs.</source>
        <translation>Escanee, deslice o teclee una tarjeta (o su clave) para ver su saldo, historial y reparaciones.</translation>
    </message>
    <message>
        <source>Type the card&apos;s key</source>
        <translation>Teclee la clave de la tarjeta</translation>
    </message>
    <message>
        <source>Card {masked}</source>
        <translation>Tarjeta {masked}</translation>
    </message>
    <message>
        <source>Currency {currency}</source>
        <translation>Moneda {currency}</translation>
    </message>
    <message>
        <source>expires {date}</source>
        <translation>caduca el {date}</translation>
    </message>
    <message>
        <source>no expiry</source>
        <translation>sin caducidad</translation>
    </message>
    <message>
        <source>has a key</source>
        <translation>tiene clave</translation>
    </message>
    <message>
        <source>no key</source>
        <translation>sin clave</translation>
    </message>
    <message>
        <source>Flagged for a manager: it was used offline beyond its balance or while not usable. Check the history, then adjust or unfreeze.</source>
        <translation>Marcada para el encargado: se usó sin conexión por encima de su saldo o sin estar utilizable. Revise el historial y ajuste o descongele.</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>sin conexión</translation>
    </message>
    <message>
        <source>Page {page}</source>
        <translation>Página {page}</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Choose a name and type the PIN.</source>
        <translation>Elija un nombre y teclee el PIN.</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Iniciar sesión</translation>
    </message>
    <message>
        <source>Choose your name and type your PIN.</source>
        <translation>Elija su nombre y teclee su PIN.</translation>
    </message>
    <message>
        <source>The till is locked until someone signs in.</source>
        <translation>La caja queda bloqueada hasta que alguien inicie sesión.</translation>
    </message>
    <message>
        <source>Enter  Sign in</source>
        <translation>Enter  Iniciar sesión</translation>
    </message>
    <message>
        <source>{who} asks to {what}.</source>
        <translation>{who} pide: {what}.</translation>
    </message>
    <message>
        <source>Approval to {what}.</source>
        <translation>Aprobación para: {what}.</translation>
    </message>
    <message>
        <source>Manager approval</source>
        <translation>Aprobación del encargado</translation>
    </message>
    <message>
        <source>A manager types their PIN to approve.</source>
        <translation>Un encargado teclea su PIN para aprobar.</translation>
    </message>
    <message>
        <source>Enter  Approve</source>
        <translation>Enter  Aprobar</translation>
    </message>
    <message>
        <source>Business day (Z)</source>
        <translation>Jornada (Z)</translation>
    </message>
    <message>
        <source>Liability</source>
        <translation>Pasivo</translation>
    </message>
    <message>
        <source>Offline exceptions</source>
        <translation>Excepciones sin conexión</translation>
    </message>
    <message>
        <source>Terminals</source>
        <translation>Cajas</translation>
    </message>
    <message>
        <source>Business date</source>
        <translation>Fecha de la jornada</translation>
    </message>
    <message>
        <source>Cancelled sales</source>
        <translation>Ventas anuladas</translation>
    </message>
    <message>
        <source>Cash expected after cash-outs</source>
        <translation>Efectivo esperado tras los pagos en efectivo</translation>
    </message>
    <message>
        <source>Cash expected in drawer</source>
        <translation>Efectivo esperado en el cajón</translation>
    </message>
    <message>
        <source>Cash paid out for cash-outs</source>
        <translation>Efectivo pagado por saldos</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>Cajero</translation>
    </message>
    <message>
        <source>Change given</source>
        <translation>Cambio entregado</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Día</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>Cifra</translation>
    </message>
    <message>
        <source>Gift card cash-outs</source>
        <translation>Pagos en efectivo de tarjetas regalo</translation>
    </message>
    <message>
        <source>Gift card redemptions</source>
        <translation>Canjes de tarjetas regalo</translation>
    </message>
    <message>
        <source>Gift card redemptions, value</source>
        <translation>Canjes de tarjetas regalo, valor</translation>
    </message>
    <message>
        <source>Gift cards sold</source>
        <translation>Tarjetas regalo vendidas</translation>
    </message>
    <message>
        <source>Gift cards sold, value</source>
        <translation>Tarjetas regalo vendidas, valor</translation>
    </message>
    <message>
        <source>Matches the journal</source>
        <translation>Coincide con el diario</translation>
    </message>
    <message>
        <source>NO — call support</source>
        <translation>NO: llame al soporte</translation>
    </message>
    <message>
        <source>Refunds in cash</source>
        <translation>Reembolsos en efectivo</translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation>Reembolsos</translation>
    </message>
    <message>
        <source>Refunds, value</source>
        <translation>Reembolsos, valor</translation>
    </message>
    <message>
        <source>Reloads</source>
        <translation>Recargas</translation>
    </message>
    <message>
        <source>Reloads, value</source>
        <translation>Recargas, valor</translation>
    </message>
    <message>
        <source>Sales by cashier</source>
        <translation>Ventas por cajero</translation>
    </message>
    <message>
        <source>Sales by tender</source>
        <translation>Ventas por forma de pago</translation>
    </message>
    <message>
        <source>Sales over the day</source>
        <translation>Ventas a lo largo del día</translation>
    </message>
    <message>
        <source>Sales still open</source>
        <translation>Ventas aún abiertas</translation>
    </message>
    <message>
        <source>Sales total</source>
        <translation>Total de ventas</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>Ventas</translation>
    </message>
    <message>
        <source>Section</source>
        <translation>Sección</translation>
    </message>
    <message>
        <source>Store credit issued</source>
        <translation>Crédito de tienda emitido</translation>
    </message>
    <message>
        <source>Tender</source>
        <translation>Forma de pago</translation>
    </message>
    <message>
        <source>Terminal</source>
        <translation>Caja</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valor</translation>
    </message>
    <message>
        <source>Voided sales</source>
        <translation>Ventas anuladas después</translation>
    </message>
    <message>
        <source>Voided, value</source>
        <translation>Anuladas, valor</translation>
    </message>
    <message>
        <source>Z report</source>
        <translation>Informe Z</translation>
    </message>
    <message>
        <source>Gift cards</source>
        <translation>Tarjetas regalo</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>Efectivo</translation>
    </message>
    <message>
        <source>Other payments</source>
        <translation>Otros pagos</translation>
    </message>
    <message>
        <source>Outstanding liability</source>
        <translation>Pasivo pendiente</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>Moneda</translation>
    </message>
    <message>
        <source>Outstanding</source>
        <translation>Pendiente</translation>
    </message>
    <message>
        <source>Overdrawn</source>
        <translation>En descubierto</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Nota</translation>
    </message>
    <message>
        <source>Exceptions by kind</source>
        <translation>Excepciones por tipo</translation>
    </message>
    <message>
        <source>Entries pushed</source>
        <translation>Apuntes enviados</translation>
    </message>
    <message>
        <source>Cursor</source>
        <translation>Posición</translation>
    </message>
    <message>
        <source>Waiting to sync</source>
        <translation>Por sincronizar</translation>
    </message>
    <message>
        <source>Oldest waiting</source>
        <translation>La más antigua en espera</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Intentos</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>sí</translation>
    </message>
    <message>
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Sí</translation>
    </message>
    <message>
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>Tienda</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Informes</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Exportar CSV…</translation>
    </message>
    <message>
        <source>Print Z report</source>
        <translation>Imprimir informe Z</translation>
    </message>
    <message>
        <source>Close the day</source>
        <translation>Cerrar la jornada</translation>
    </message>
    <message>
        <source>Business day {date}</source>
        <translation>Jornada {date}</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>cerrada</translation>
    </message>
    <message>
        <source>open</source>
        <translation>abierta</translation>
    </message>
    <message>
        <source>This terminal&apos;s sales, checked against its journal: they match.</source>
        <translation>Las ventas de esta caja, cotejadas con su diario: coinciden.</translation>
    </message>
    <message>
        <source>This terminal&apos;s sales, checked against its journal: they DO NOT match — call support before closing.</source>
        <translation>Las ventas de esta caja, cotejadas con su diario: NO coinciden; llame al soporte antes de cerrar.</translation>
    </message>
    <message>
        <source>Print X report</source>
        <translation>Imprimir informe X</translation>
    </message>
    <message>
        <source>Figures</source>
        <translation>Cifras</translation>
    </message>
    <message>
        <source>By cashier</source>
        <translation>Por cajero</translation>
    </message>
    <message>
        <source>From the central ledger.</source>
        <translation>Del libro mayor central.</translation>
    </message>
    <message>
        <source>From this terminal&apos;s own store.</source>
        <translation>Del almacén propio de esta caja.</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>Exportar CSV</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>{current} to {name}</source>
        <translation>{current} a {name}</translation>
    </message>
    <message>
        <source>Exported to {written}.</source>
        <translation>Exportado a {written}.</translation>
    </message>
    <message>
        <source>Z {isoformat}</source>
        <translation>Z {isoformat}</translation>
    </message>
    <message>
        <source>Report printed.</source>
        <translation>Informe impreso.</translation>
    </message>
    <message>
        <source>Business day {isoformat} closed.</source>
        <translation>Jornada {isoformat} cerrada.</translation>
    </message>
    <message>
        <source>New sales belong to the next day. Print the Z report.</source>
        <translation>Las ventas nuevas cuentan para el día siguiente. Imprima el informe Z.</translation>
    </message>
    <message>
        <source>Close the business day?</source>
        <translation>¿Cerrar la jornada?</translation>
    </message>
    <message>
        <source>The Z report is frozen as it is now and later sales count for the next day. Open sales must be finished first.</source>
        <translation>El informe Z queda fijado tal como está y las ventas posteriores cuentan para el día siguiente. Antes hay que terminar las ventas abiertas.</translation>
    </message>
    <message>
        <source>idle or locked by hand</source>
        <translation>inactividad o bloqueo manual</translation>
    </message>
    <message>
        <source>Signed in: {name} ({role}).</source>
        <translation>Sesión iniciada: {name} ({role}).</translation>
    </message>
    <message>
        <source>Ctrl+L locks the till; Ctrl+M opens the console.</source>
        <translation>Ctrl+L bloquea la caja; Ctrl+M abre la consola.</translation>
    </message>
    <message>
        <source>Nobody is signed in. Sign in first (Ctrl+L).</source>
        <translation>Nadie ha iniciado sesión. Inicie sesión primero (Ctrl+L).</translation>
    </message>
    <message>
        <source>There is no manager account to approve this.</source>
        <translation>No hay ninguna cuenta de encargado para aprobarlo.</translation>
    </message>
    <message>
        <source>Not approved: nobody may {describe} without a manager.</source>
        <translation>No aprobado: nadie puede {describe} sin un encargado.</translation>
    </message>
    <message>
        <source>terminal id</source>
        <translation>id de caja</translation>
    </message>
    <message>
        <source>store id</source>
        <translation>id de tienda</translation>
    </message>
    <message>
        <source>database</source>
        <translation>base de datos</translation>
    </message>
    <message>
        <source>language and formats</source>
        <translation>idioma y formatos</translation>
    </message>
    <message>
        <source>currency</source>
        <translation>moneda</translation>
    </message>
    <message>
        <source>ledger</source>
        <translation>libro mayor</translation>
    </message>
    <message>
        <source>offline limits</source>
        <translation>límites sin conexión</translation>
    </message>
    <message>
        <source>checkout</source>
        <translation>cobro</translation>
    </message>
    <message>
        <source>card formats</source>
        <translation>formatos de tarjeta</translation>
    </message>
    <message>
        <source>optional: repairs and chain-wide reports</source>
        <translation>opcional: reparaciones e informes de toda la cadena</translation>
    </message>
    <message>
        <source>https://ledger.example:8443 (empty: offline only)</source>
        <translation>https://ledger.example:8443 (vacío: solo sin conexión)</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Take gift cards while the ledger is unreachable</source>
        <translation>Aceptar tarjetas regalo cuando el libro mayor no responde</translation>
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
        <translation>URL del puerto</translation>
    </message>
    <message>
        <source>Baud</source>
        <translation>Baudios</translation>
    </message>
    <message>
        <source>Ends with</source>
        <translation>Termina en</translation>
    </message>
    <message>
        <source>Prefix</source>
        <translation>Prefijo</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>Longitud</translation>
    </message>
    <message>
        <source>Luhn check</source>
        <translation>Control de Luhn</translation>
    </message>
    <message>
        <source>This terminal</source>
        <translation>Esta caja</translation>
    </message>
    <message>
        <source>Terminal id</source>
        <translation>Id de caja</translation>
    </message>
    <message>
        <source>Store id</source>
        <translation>Id de tienda</translation>
    </message>
    <message>
        <source>Locale</source>
        <translation>Idioma/región</translation>
    </message>
    <message>
        <source>Central ledger</source>
        <translation>Libro mayor central</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Credencial</translation>
    </message>
    <message>
        <source>Manager token</source>
        <translation>Credencial de encargado</translation>
    </message>
    <message>
        <source>Timeout</source>
        <translation>Tiempo de espera</translation>
    </message>
    <message>
        <source>Offline limits</source>
        <translation>Límites sin conexión</translation>
    </message>
    <message>
        <source>Per sale</source>
        <translation>Por venta</translation>
    </message>
    <message>
        <source>Per card</source>
        <translation>Por tarjeta</translation>
    </message>
    <message>
        <source>Per terminal</source>
        <translation>Por caja</translation>
    </message>
    <message>
        <source>Screen</source>
        <translation>Pantalla</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>Tema</translation>
    </message>
    <message>
        <source>Font size</source>
        <translation>Tamaño de letra</translation>
    </message>
    <message>
        <source>Lock when idle after</source>
        <translation>Bloquear por inactividad tras</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>Dispositivos</translation>
    </message>
    <message>
        <source>Add device</source>
        <translation>Añadir dispositivo</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Quitar</translation>
    </message>
    <message>
        <source>Test device</source>
        <translation>Probar dispositivo</translation>
    </message>
    <message>
        <source>Card formats the scanner and reader accept:</source>
        <translation>Formatos de tarjeta que aceptan el escáner y el lector:</translation>
    </message>
    <message>
        <source>Add format</source>
        <translation>Añadir formato</translation>
    </message>
    <message>
        <source>Printer URL</source>
        <translation>URL de la impresora</translation>
    </message>
    <message>
        <source>One line per line of the address</source>
        <translation>Una línea por cada línea de la dirección</translation>
    </message>
    <message>
        <source>Printed on every receipt with a gift card</source>
        <translation>Se imprime en cada tique con una tarjeta regalo</translation>
    </message>
    <message>
        <source>Business name</source>
        <translation>Nombre del negocio</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Dirección</translation>
    </message>
    <message>
        <source>Tax number</source>
        <translation>Número fiscal</translation>
    </message>
    <message>
        <source>Gift card terms</source>
        <translation>Condiciones de la tarjeta regalo</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Ajustes</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>Deshacer</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Guardar</translation>
    </message>
    <message>
        <source>Saved to {path}</source>
        <translation>Guardado en {path}</translation>
    </message>
    <message>
        <source>Device {text}: the baud rate is a number like 9600.</source>
        <translation>Dispositivo {text}: los baudios son un número como 9600.</translation>
    </message>
    <message>
        <source>The ledger URL starts with https:// (or http://).</source>
        <translation>La URL del libro mayor empieza por https:// (o http://).</translation>
    </message>
    <message>
        <source>Two devices have the same name.</source>
        <translation>Dos dispositivos tienen el mismo nombre.</translation>
    </message>
    <message>
        <source>A card format&apos;s length is 4 to 32 digits.</source>
        <translation>La longitud de un formato de tarjeta es de 4 a 32 cifras.</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>Ajustes guardados.</translation>
    </message>
    <message>
        <source>Restart the terminal for: {what}.</source>
        <translation>Reinicie la caja para: {what}.</translation>
    </message>
    <message>
        <source>They are in effect now.</source>
        <translation>Ya están en vigor.</translation>
    </message>
    <message>
        <source>Add a device first.</source>
        <translation>Añada primero un dispositivo.</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>Encargado</translation>
    </message>
    <message>
        <source>4 to 8 digits</source>
        <translation>de 4 a 8 cifras</translation>
    </message>
    <message>
        <source>Add someone or set a PIN</source>
        <translation>Añadir a alguien o fijar un PIN</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Función</translation>
    </message>
    <message>
        <source>Last sign-in</source>
        <translation>Último inicio de sesión</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Añadir</translation>
    </message>
    <message>
        <source>Set PIN</source>
        <translation>Fijar PIN</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation>Desactivar</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Personal</translation>
    </message>
    <message>
        <source>Cashiers sell and look cards up; refunds, voids, adjustments and freezing need a manager&apos;s PIN; the rest of this console is for managers. Three wrong PINs in a row lock an account for a while, longer each time.</source>
        <translation>Los cajeros venden y consultan tarjetas; reembolsos, anulaciones, ajustes y congelaciones requieren el PIN de un encargado; el resto de esta consola es para encargados. Tres PIN erróneos seguidos bloquean una cuenta un tiempo, más largo cada vez.</translation>
    </message>
    <message>
        <source>active</source>
        <translation>activa</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>desactivada</translation>
    </message>
    <message>
        <source>locked until {time}</source>
        <translation>bloqueada hasta las {time}</translation>
    </message>
    <message>
        <source>The first account is a manager&apos;s: someone must be able to approve refunds and open Staff and Settings.</source>
        <translation>La primera cuenta es de un encargado: alguien debe poder aprobar reembolsos y abrir Personal y Ajustes.</translation>
    </message>
    <message>
        <source>added as {role}</source>
        <translation>añadido como {role}</translation>
    </message>
    <message>
        <source>new PIN set</source>
        <translation>PIN nuevo fijado</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Artículo</translation>
    </message>
    <message>
        <source>Barcode</source>
        <translation>Código de barras</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Precio</translation>
    </message>
    <message>
        <source>Scan the product or type its code</source>
        <translation>Escanee el producto o teclee su código</translation>
    </message>
    <message>
        <source>e.g. 4.50</source>
        <translation>p. ej. 4,50</translation>
    </message>
    <message>
        <source>/path/to/items.csv  (code,description,price)</source>
        <translation>/ruta/a/articulos.csv  (código,descripción,precio)</translation>
    </message>
    <message>
        <source>Add or change an item</source>
        <translation>Añadir o cambiar un artículo</translation>
    </message>
    <message>
        <source>Save item</source>
        <translation>Guardar artículo</translation>
    </message>
    <message>
        <source>Take off the list</source>
        <translation>Quitar de la lista</translation>
    </message>
    <message>
        <source>Import a CSV</source>
        <translation>Importar un CSV</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Importar</translation>
    </message>
    <message>
        <source>A product&apos;s barcode scanned at the till adds its item at this price; type 3* first for three of it. A gift card scanned is still taken as a card.</source>
        <translation>Un código de barras de producto escaneado en la caja añade su artículo a este precio; teclee antes 3* para tres unidades. Una tarjeta regalo escaneada se sigue tomando como tarjeta.</translation>
    </message>
    <message>
        <source>Scan it at the till to sell it.</source>
        <translation>Escanéelo en la caja para venderlo.</translation>
    </message>
    <message>
        <source>Items imported: {added} new, {changed} changed, {left} left out.</source>
        <translation>Artículos importados: {added} nuevos, {changed} cambiados, {left} omitidos.</translation>
    </message>
    <message>
        <source>Items imported: {added} new, {changed} changed.</source>
        <translation>Artículos importados: {added} nuevos, {changed} cambiados.</translation>
    </message>
    <message>
        <source>There is no file at {source}.</source>
        <translation>No hay ningún archivo en {source}.</translation>
    </message>
    <message>
        <source>No item with the barcode {code} is on the item list.</source>
        <translation>Ningún artículo con el código {code} está en la lista de artículos.</translation>
    </message>
    <message>
        <source>Take payment for it (cash F3, other F4).</source>
        <translation>Cobre el importe (efectivo F3, otro F4).</translation>
    </message>
    <message>
        <source>There is no sale open.</source>
        <translation>No hay ninguna venta abierta.</translation>
    </message>
    <message>
        <source>can give offline</source>
        <translation>puede dar sin conexión</translation>
    </message>
    <message>
        <source>has</source>
        <translation>tiene</translation>
    </message>
    <message>
        <source>Card {masked} {what} {has} — take it and collect the rest?</source>
        <translation>La tarjeta {masked} {what} {has}: ¿aceptarlo y cobrar el resto?</translation>
    </message>
    <message>
        <source>Enter takes {has}; {rest} will still be due. Esc: another payment.</source>
        <translation>Enter acepta {has}; quedarán {rest} pendientes. Esc: otro pago.</translation>
    </message>
    <message>
        <source>Take {has}</source>
        <translation>Aceptar {has}</translation>
    </message>
    <message>
        <source>Card •••• {number} already pays {show} of this sale; it has nothing more.</source>
        <translation>La tarjeta •••• {number} ya paga {show} de esta venta; no tiene más.</translation>
    </message>
    <message>
        <source>Card {masked} is empty ({show}).</source>
        <translation>La tarjeta {masked} está vacía ({show}).</translation>
    </message>
    <message>
        <source>Take {given} in cash for {show} due?</source>
        <translation>¿Aceptar {given} en efectivo por {show} pendientes?</translation>
    </message>
    <message>
        <source>That is {change} change. Enter takes it; Esc: type the amount again.</source>
        <translation>Son {change} de cambio. Enter lo acepta; Esc: teclee de nuevo el importe.</translation>
    </message>
    <message>
        <source>Take {given}</source>
        <translation>Aceptar {given}</translation>
    </message>
    <message>
        <source>Cancel this sale? {total} held on {value} {cards} goes back.</source>
        <translation>¿Anular esta venta? Se devuelven {total} retenidos en {value} {cards}.</translation>
    </message>
    <message>
        <source>Enter cancels the sale and releases every hold; Esc: keep selling.</source>
        <translation>Enter anula la venta y libera todas las retenciones; Esc: seguir vendiendo.</translation>
    </message>
    <message>
        <source>Cancel sale</source>
        <translation>Anular venta</translation>
    </message>
    <message>
        <source>There is no sale to cancel.</source>
        <translation>No hay ninguna venta que anular.</translation>
    </message>
    <message>
        <source>Sale cancelled. Every card hold was released.</source>
        <translation>Venta anulada. Se liberaron todas las retenciones de tarjeta.</translation>
    </message>
    <message>
        <source>Pay out {show} in cash for card {card}.</source>
        <translation>Pague {show} en efectivo por la tarjeta {card}.</translation>
    </message>
    <message>
        <source>Its balance is now {show}.</source>
        <translation>Su saldo es ahora {show}.</translation>
    </message>
    <message>
        <source>There is no receipt yet.</source>
        <translation>Aún no hay tique.</translation>
    </message>
    <message>
        <source>There is no sale to reprint yet.</source>
        <translation>Aún no hay ninguna venta que reimprimir.</translation>
    </message>
    <message>
        <source>Receipt reprinted.</source>
        <translation>Tique reimpreso.</translation>
    </message>
    <message>
        <source>Receipt shown (no printer).</source>
        <translation>Tique mostrado (sin impresora).</translation>
    </message>
    <message>
        <source>Active — can pay</source>
        <translation>Activa: puede pagar</translation>
    </message>
    <message>
        <source>Spent to zero — can be reloaded</source>
        <translation>Gastada hasta cero: se puede recargar</translation>
    </message>
    <message>
        <source>Not sold yet — sell it with F6</source>
        <translation>Aún sin vender: véndala con F6</translation>
    </message>
    <message>
        <source>Frozen — ask a manager</source>
        <translation>Congelada: consulte a un encargado</translation>
    </message>
    <message>
        <source>Expired — ask a manager</source>
        <translation>Caducada: consulte a un encargado</translation>
    </message>
    <message>
        <source>Cancelled — cannot be used</source>
        <translation>Anulada: no se puede usar</translation>
    </message>
    <message>
        <source>Balance check</source>
        <translation>Consulta de saldo</translation>
    </message>
    <message>
        <source>Scan, swipe or type a gift card. Nothing is charged.</source>
        <translation>Escanee, deslice o teclee una tarjeta regalo. No se cobra nada.</translation>
    </message>
    <message>
        <source>Enter  Check</source>
        <translation>Enter  Consultar</translation>
    </message>
    <message>
        <source>F1  Cash out</source>
        <translation>F1  Pagar en efectivo</translation>
    </message>
    <message>
        <source>Pay a small balance out in cash from the drawer</source>
        <translation>Pagar un saldo pequeño en efectivo desde el cajón</translation>
    </message>
    <message>
        <source>Card •••• {tail}</source>
        <translation>Tarjeta •••• {tail}</translation>
    </message>
    <message>
        <source>Gift card</source>
        <translation>Tarjeta regalo</translation>
    </message>
    <message>
        <source>Other payment</source>
        <translation>Otro pago</translation>
    </message>
    <message>
        <source>Sell card</source>
        <translation>Vender tarjeta</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Recargar</translation>
    </message>
    <message>
        <source>Returns</source>
        <translation>Devoluciones</translation>
    </message>
    <message>
        <source>Reprint</source>
        <translation>Reimprimir</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>Tique</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Finalizar</translation>
    </message>
    <message>
        <source>Card terminal</source>
        <translation>Datáfono</translation>
    </message>
    <message>
        <source>manual</source>
        <translation>manual</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Otro</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>Pago</translation>
    </message>
    <message>
        <source>Taken</source>
        <translation>Cobrado</translation>
    </message>
    <message>
        <source>Balance left</source>
        <translation>Saldo</translation>
    </message>
    <message>
        <source>Del  Remove</source>
        <translation>Supr  Quitar</translation>
    </message>
    <message>
        <source>Payments</source>
        <translation>Pagos</translation>
    </message>
    <message>
        <source>Sale</source>
        <translation>Venta</translation>
    </message>
    <message>
        <source>AMOUNT DUE</source>
        <translation>IMPORTE PENDIENTE</translation>
    </message>
    <message>
        <source>Amount or card</source>
        <translation>Importe o tarjeta</translation>
    </message>
    <message>
        <source> (offline)</source>
        <translation> (sin conexión)</translation>
    </message>
    <message>
        <source>CHANGE</source>
        <translation>CAMBIO</translation>
    </message>
    <message>
        <source>PAID</source>
        <translation>PAGADO</translation>
    </message>
    <message>
        <source>Total {show}   ·   Paid {show2}</source>
        <translation>Total {show}   ·   Pagado {show2}</translation>
    </message>
    <message>
        <source>No sale open</source>
        <translation>Ninguna venta abierta</translation>
    </message>
    <message>
        <source>{quantity} x: scan the item, or type its price and press Enter (Esc: stop).</source>
        <translation>{quantity} x: escanee el artículo o teclee su precio y pulse Enter (Esc: parar).</translation>
    </message>
    <message>
        <source>Card •••• {tail}: choose an amount, or type it and press Enter (Esc: stop).</source>
        <translation>Tarjeta •••• {tail}: elija un importe, o tecléelo y pulse Enter (Esc: parar).</translation>
    </message>
    <message>
        <source>Scan or type the card to sell (Esc: stop).</source>
        <translation>Escanee o teclee la tarjeta a vender (Esc: parar).</translation>
    </message>
    <message>
        <source>Scan or type the card to reload (Esc: stop).</source>
        <translation>Escanee o teclee la tarjeta a recargar (Esc: parar).</translation>
    </message>
    <message>
        <source>Scan or type the card to sell for {amount} (Esc: stop).</source>
        <translation>Escanee o teclee la tarjeta a vender por {amount} (Esc: parar).</translation>
    </message>
    <message>
        <source>Scan or type the card to reload for {amount} (Esc: stop).</source>
        <translation>Escanee o teclee la tarjeta a recargar con {amount} (Esc: parar).</translation>
    </message>
    <message>
        <source>Type the gift card number and press Enter (Esc: stop).</source>
        <translation>Teclee el número de la tarjeta regalo y pulse Enter (Esc: parar).</translation>
    </message>
    <message>
        <source>Give {change} change. Next customer: type a price and press Enter.</source>
        <translation>Dé {change} de cambio. Siguiente cliente: teclee un precio y pulse Enter.</translation>
    </message>
    <message>
        <source>Type a price and press Enter to start a sale — or scan a gift card to check its balance.</source>
        <translation>Teclee un precio y pulse Enter para empezar una venta, o escanee una tarjeta regalo para ver su saldo.</translation>
    </message>
    <message>
        <source>Type a price and press Enter.</source>
        <translation>Teclee un precio y pulse Enter.</translation>
    </message>
    <message>
        <source>Paid in full — press F12 to finish.</source>
        <translation>Pagado del todo: pulse F12 para finalizar.</translation>
    </message>
    <message>
        <source>Take {due} in cash (F3) or another payment (F4): gift cards do not pay for gift cards.</source>
        <translation>Cobre {due} en efectivo (F3) u otro pago (F4): las tarjetas regalo no pagan tarjetas regalo.</translation>
    </message>
    <message>
        <source>{due} still due — scan another card, or cash (F3) / other payment (F4).</source>
        <translation>Quedan {due} pendientes: escanee otra tarjeta, o efectivo (F3) / otro pago (F4).</translation>
    </message>
    <message>
        <source>Take {due}: scan a gift card, or type cash and press F3.</source>
        <translation>Cobre {due}: escanee una tarjeta regalo, o teclee el efectivo y pulse F3.</translation>
    </message>
    <message>
        <source>There is no sale open: nothing to remove.</source>
        <translation>No hay ninguna venta abierta: nada que quitar.</translation>
    </message>
    <message>
        <source>Touch the line or the payment to remove first, then press Delete.</source>
        <translation>Toque primero la línea o el pago que quiere quitar y pulse Supr.</translation>
    </message>
    <message>
        <source>A quantity is 1 to 9999.</source>
        <translation>Una cantidad va de 1 a 9999.</translation>
    </message>
    <message>
        <source>Type the price after the description, like: Mug 4.50</source>
        <translation>Teclee el precio tras la descripción, así: Taza 4,50</translation>
    </message>
    <message>
        <source>Type the item&apos;s price first, then press F1.</source>
        <translation>Teclee primero el precio del artículo y pulse F1.</translation>
    </message>
    <message>
        <source>Type the price after the quantity, like: 3*4.50</source>
        <translation>Teclee el precio tras la cantidad, así: 3*4,50</translation>
    </message>
    <message>
        <source>F10  Print again</source>
        <translation>F10  Imprimir de nuevo</translation>
    </message>
    <message>
        <source>As it prints. Card numbers are masked.</source>
        <translation>Tal como se imprime. Los números de tarjeta van enmascarados.</translation>
    </message>
    <message>
        <source>No completed sale yet.</source>
        <translation>Aún no hay ninguna venta terminada.</translation>
    </message>
    <message>
        <source>F1  Back to the card(s) that paid</source>
        <translation>F1  A la(s) tarjeta(s) que pagaron</translation>
    </message>
    <message>
        <source>F2  Onto a new card</source>
        <translation>F2  A una tarjeta nueva</translation>
    </message>
    <message>
        <source>Scan the receipt, or type the sale number</source>
        <translation>Escanee el tique o teclee el número de venta</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>terminada</translation>
    </message>
    <message>
        <source>refunded</source>
        <translation>reembolsada</translation>
    </message>
    <message>
        <source>partly refunded</source>
        <translation>reembolsada en parte</translation>
    </message>
    <message>
        <source>voided</source>
        <translation>anulada</translation>
    </message>
    <message>
        <source>Enter  Find</source>
        <translation>Enter  Buscar</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>Devuelto</translation>
    </message>
    <message>
        <source>No completed sale yet. Scan a receipt or type its sale number.</source>
        <translation>Aún no hay ninguna venta terminada. Escanee un tique o teclee su número de venta.</translation>
    </message>
    <message>
        <source>Sale {number} · {when} · {total} · {status} · pick the items to return (none picked: the whole sale)</source>
        <translation>Venta {number} · {when} · {total} · {status} · elija los artículos a devolver (ninguno: toda la venta)</translation>
    </message>
    <message>
        <source>Returned {total}.</source>
        <translation>Devueltos {total}.</translation>
    </message>
    <message>
        <source>{amount} back on card {card} (now {balance}).</source>
        <translation>{amount} devueltos a la tarjeta {card} (ahora {balance}).</translation>
    </message>
    <message>
        <source>New card {card}: give it to the customer.</source>
        <translation>Tarjeta nueva {card}: entréguela al cliente.</translation>
    </message>
    <message>
        <source>Give {amount} back in cash.</source>
        <translation>Devuelva {amount} en efectivo.</translation>
    </message>
    <message>
        <source>Refund {amount} on the card terminal.</source>
        <translation>Reembolse {amount} en el terminal de tarjetas.</translation>
    </message>
    <message>
        <source>Scarf</source>
        <translation>Bufanda</translation>
    </message>
    <message>
        <source>Candle set</source>
        <translation>Juego de velas</translation>
    </message>
    <message>
        <source>Tea tin</source>
        <translation>Lata de té</translation>
    </message>
    <message>
        <source>Notebook</source>
        <translation>Cuaderno</translation>
    </message>
    <message>
        <source>giftpos — set up this terminal</source>
        <translation>giftpos — configurar esta caja</translation>
    </message>
    <message>
        <source>Set up this terminal</source>
        <translation>Configurar esta caja</translation>
    </message>
    <message>
        <source>Three things and the till is ready. You can change them later in the configuration file{value}.</source>
        <translation>Tres datos y la caja está lista. Puede cambiarlos después en el archivo de configuración{value}.</translation>
    </message>
    <message>
        <source>Offline only — a single shop without a central ledger</source>
        <translation>Solo sin conexión: una tienda sin libro mayor central</translation>
    </message>
    <message>
        <source>terminal token from the manager</source>
        <translation>credencial de caja del encargado</translation>
    </message>
    <message>
        <source>/dev/ttyACM0 (empty: keyboard-wedge or typing)</source>
        <translation>/dev/ttyACM0 (vacío: escáner de teclado o tecleo)</translation>
    </message>
    <message>
        <source>/dev/ttyUSB0 (empty: none)</source>
        <translation>/dev/ttyUSB0 (vacío: ninguno)</translation>
    </message>
    <message>
        <source>tcp://192.168.1.50:9100 (empty: none)</source>
        <translation>tcp://192.168.1.50:9100 (vacío: ninguna)</translation>
    </message>
    <message>
        <source>This till</source>
        <translation>Esta caja</translation>
    </message>
    <message>
        <source>Shop</source>
        <translation>Tienda</translation>
    </message>
    <message>
        <source>Ledger</source>
        <translation>Libro mayor</translation>
    </message>
    <message>
        <source>Ledger URL</source>
        <translation>URL del libro mayor</translation>
    </message>
    <message>
        <source>Barcode scanner</source>
        <translation>Escáner de códigos</translation>
    </message>
    <message>
        <source>Magstripe reader</source>
        <translation>Lector de banda magnética</translation>
    </message>
    <message>
        <source>Money and looks</source>
        <translation>Dinero y aspecto</translation>
    </message>
    <message>
        <source>Save and start</source>
        <translation>Guardar y empezar</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>The ledger URL starts with https:// (or tick Offline only).</source>
        <translation>La URL del libro mayor empieza por https:// (o marque Solo sin conexión).</translation>
    </message>
    <message>
        <source>Enter the terminal&apos;s token (ask a manager).</source>
        <translation>Introduzca la credencial de la caja (pregunte a un encargado).</translation>
    </message>
    <message>
        <source>Offline only (no ledger configured)</source>
        <translation>Solo sin conexión (sin libro mayor configurado)</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>conectado</translation>
    </message>
    <message>
        <source>lost — check the cable</source>
        <translation>perdido: revise el cable</translation>
    </message>
    <message>
        <source>reconnecting…</source>
        <translation>reconectando…</translation>
    </message>
    <message>
        <source>starting…</source>
        <translation>iniciando…</translation>
    </message>
    <message>
        <source>No serial devices — type or wedge-scan cards</source>
        <translation>Sin dispositivos serie: teclee las tarjetas o use un escáner de teclado</translation>
    </message>
    <message>
        <source>⚠ The audit trail differs from the ledger&apos;s copy — call a manager</source>
        <translation>⚠ El registro de auditoría no coincide con la copia del libro mayor — llame a un encargado</translation>
    </message>
    <message>
        <source>{pending} waiting to sync</source>
        <translation>{pending} por sincronizar</translation>
    </message>
    <message>
        <source>● Ledger online</source>
        <translation>● Libro mayor en línea</translation>
    </message>
    <message>
        <source>● Offline — sales continue, sync later</source>
        <translation>● Sin conexión: se sigue vendiendo, se sincroniza después</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nunca</translation>
    </message>
    <message>
        <source>Last sync {when}</source>
        <translation>Última sincronización {when}</translation>
    </message>
    <message>
        <source>Check the number and scan or type it again.</source>
        <translation>Compruebe el número y escanéelo o tecléelo de nuevo.</translation>
    </message>
    <message>
        <source>Scan the card again or type its number.</source>
        <translation>Escanee la tarjeta de nuevo o teclee su número.</translation>
    </message>
    <message>
        <source>Sell it first (F6), or take another payment.</source>
        <translation>Véndala primero (F6) o acepte otro pago.</translation>
    </message>
    <message>
        <source>Take another payment and call a manager.</source>
        <translation>Acepte otro pago y llame a un encargado.</translation>
    </message>
    <message>
        <source>Take another payment.</source>
        <translation>Acepte otro pago.</translation>
    </message>
    <message>
        <source>Ask the customer for the card it was combined into.</source>
        <translation>Pida al cliente la tarjeta a la que se unió.</translation>
    </message>
    <message>
        <source>Use Reload (F7) to add value instead.</source>
        <translation>Use Recargar (F7) para añadir saldo.</translation>
    </message>
    <message>
        <source>Load a smaller amount.</source>
        <translation>Recargue un importe menor.</translation>
    </message>
    <message>
        <source>Take what the card has and collect the rest.</source>
        <translation>Acepte lo que tiene la tarjeta y cobre el resto.</translation>
    </message>
    <message>
        <source>Type the amount again.</source>
        <translation>Teclee de nuevo el importe.</translation>
    </message>
    <message>
        <source>Carry on: the terminal works offline and syncs later.</source>
        <translation>Siga: la caja trabaja sin conexión y sincroniza después.</translation>
    </message>
    <message>
        <source>Try again; if it keeps happening, restart the terminal.</source>
        <translation>Inténtelo de nuevo; si sigue ocurriendo, reinicie la caja.</translation>
    </message>
    <message>
        <source>Check the printer&apos;s paper and cable, then reprint (F10).</source>
        <translation>Compruebe el papel y el cable de la impresora y reimprima (F10).</translation>
    </message>
    <message>
        <source>The card keeps its balance: it can pay for a sale.</source>
        <translation>La tarjeta conserva su saldo: puede pagar una venta.</translation>
    </message>
    <message>
        <source>Nothing to pay out: check the card.</source>
        <translation>Nada que pagar: compruebe la tarjeta.</translation>
    </message>
    <message>
        <source>Take another payment or wait for the ledger to be back.</source>
        <translation>Acepte otro pago o espere a que vuelva el libro mayor.</translation>
    </message>
    <message>
        <source>Check what was typed and try again.</source>
        <translation>Compruebe lo tecleado e inténtelo de nuevo.</translation>
    </message>
    <message>
        <source>That took too long.</source>
        <translation>Ha tardado demasiado.</translation>
    </message>
    <message>
        <source>Try again; the terminal is still working.</source>
        <translation>Inténtelo de nuevo; la caja sigue funcionando.</translation>
    </message>
    <message>
        <source>A device or file could not be used.</source>
        <translation>No se pudo usar un dispositivo o un archivo.</translation>
    </message>
    <message>
        <source>Check the cables and try again; call support if it keeps happening.</source>
        <translation>Revise los cables e inténtelo de nuevo; si sigue ocurriendo, llame al soporte.</translation>
    </message>
    <message>
        <source>Something went wrong on this terminal.</source>
        <translation>Algo ha fallado en esta caja.</translation>
    </message>
    <message>
        <source>Try again; if it keeps happening, restart the terminal and call support.</source>
        <translation>Inténtelo de nuevo; si sigue ocurriendo, reinicie la caja y llame al soporte.</translation>
    </message>
    <message>
        <source>The till cannot start</source>
        <translation>La caja no puede arrancar</translation>
    </message>
    <message>
        <source>Fix the configuration file and start again.</source>
        <translation>Corrija el archivo de configuración y vuelva a empezar.</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Cantidad</translation>
    </message>
    <message>
        <source>light</source>
        <translation>claro</translation>
    </message>
    <message>
        <source>dark</source>
        <translation>oscuro</translation>
    </message>
    <message>
        <source>high-contrast</source>
        <translation>alto contraste</translation>
    </message>
</context>
</TS>
