-- TopX retention and coupling (issue 14 item 9): an entry also leaves the list when its linked casus is closed or
-- rejected, and at the end of its own bewaartermijn (registration + 5 years, WGS 1.8 lid 7).

-- AlterEnum
ALTER TYPE "TopxVerwijderReden" ADD VALUE 'CASUS_AFGESLOTEN';
ALTER TYPE "TopxVerwijderReden" ADD VALUE 'BEWAARTERMIJN_VERSTREKEN';
